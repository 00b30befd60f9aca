package io.consentry.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.consentry.helm.DefaultRenderTest.env;
import static org.assertj.core.api.Assertions.assertThat;

/** HA values: several api replicas, distributed MinIO, clustered Keycloak, Ingress with TLS, PodMonitor. */
class HaRenderTest {

  static Chart.Rendered r;

  @BeforeAll
  static void render() {
    r = Chart.render(Chart.ha());
  }

  @Test
  void hpaAndPdbPresentWhenReplicasAboveOne() {
    HorizontalPodAutoscaler hpa = r.get(HorizontalPodAutoscaler.class, Chart.FULLNAME);
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(8);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(Chart.FULLNAME);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    // The HPA owns the replica count: the Deployment must not fight it on every upgrade.
    assertThat(r.apiDeployment().getSpec().getReplicas()).isNull();

    PodDisruptionBudget pdb = r.get(PodDisruptionBudget.class, Chart.FULLNAME);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(r.apiDeployment().getSpec().getSelector().getMatchLabels());
  }

  @Test
  void pdbWithoutHpaKeepsFixedReplicas() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("api.replicas", 2);
    v.put("autoscaling.enabled", false);
    Chart.Rendered fixed = Chart.render(v);
    assertThat(fixed.all(HorizontalPodAutoscaler.class)).isEmpty();
    assertThat(fixed.apiDeployment().getSpec().getReplicas()).isEqualTo(2);
    assertThat(fixed.find(PodDisruptionBudget.class, Chart.FULLNAME)).isPresent();
  }

  @Test
  void ingressTerminatesTls() {
    Ingress ing = r.get(Ingress.class, Chart.FULLNAME);
    assertThat(ing.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ing.getSpec().getTls()).singleElement().satisfies(tls -> {
      assertThat(tls.getHosts()).containsExactly("consentry.example.com");
      assertThat(tls.getSecretName()).isEqualTo(Chart.FULLNAME + "-tls");
    });
    assertThat(ing.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getHost()).isEqualTo("consentry.example.com");
      assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getName()).isEqualTo(Chart.FULLNAME);
    });
    Ingress kc = r.get(Ingress.class, Chart.FULLNAME + "-keycloak");
    assertThat(kc.getSpec().getTls()).singleElement().satisfies(tls -> assertThat(tls.getHosts()).containsExactly("auth.example.com"));
  }

  @Test
  void minioRunsDistributedOverFourPods() {
    StatefulSet minio = r.get(StatefulSet.class, Chart.FULLNAME + "-minio");
    assertThat(minio.getSpec().getReplicas()).isEqualTo(4);
    assertThat(minio.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    List<String> args = minio.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    assertThat(args).contains("http://" + Chart.FULLNAME + "-minio-{0...3}." + Chart.FULLNAME
        + "-minio-headless." + Chart.NAMESPACE + ".svc.cluster.local/data");
    assertThat(r.find(PodDisruptionBudget.class, Chart.FULLNAME + "-minio")).isPresent();
  }

  @Test
  void keycloakIsClusteredAndKnowsItsPublicHostname() {
    Deployment kc = r.get(Deployment.class, Chart.FULLNAME + "-keycloak");
    assertThat(kc.getSpec().getReplicas()).isEqualTo(2);
    Container c = kc.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(c, "KC_HOSTNAME").getValue()).isEqualTo("https://auth.example.com");
    assertThat(env(c, "KC_HOSTNAME_BACKCHANNEL_DYNAMIC").getValue()).isEqualTo("true");
    // Shared caches across the pods (a login begun on one pod completes on another), members found through the database.
    assertThat(env(c, "KC_CACHE").getValue()).isEqualTo("ispn");
    assertThat(env(c, "KC_CACHE_STACK").getValue()).isEqualTo("jdbc-ping");
    assertThat(c.getPorts()).extracting(p -> p.getContainerPort()).contains(7800, 57800);
  }

  @Test
  void aSingleKeycloakKeepsLocalCachesAndOpensNoClusterPort() {
    Deployment kc = Chart.render(Chart.withMasterKey()).get(Deployment.class, Chart.FULLNAME + "-keycloak");
    Container c = kc.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(c, "KC_CACHE").getValue()).isEqualTo("local");
    assertThat(c.getPorts()).extracting(p -> p.getContainerPort()).doesNotContain(7800, 57800);
  }

  @Test
  void podMonitorOfTheManagementPortReplacesScrapeAnnotations() {
    assertThat(r.generic("ServiceMonitor")).as("no Service publishes the management port").isEmpty();
    List<GenericKubernetesResource> monitors = r.generic("PodMonitor");
    assertThat(monitors).singleElement().satisfies(pm -> {
      assertThat(pm.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
      Map<?, ?> spec = (Map<?, ?>) pm.getAdditionalProperties().get("spec");
      List<?> endpoints = (List<?>) spec.get("podMetricsEndpoints");
      assertThat(endpoints).singleElement().satisfies(ep ->
          {
            Map<?, ?> m = (Map<?, ?>) ep;
            assertThat(m.get("path")).isEqualTo("/q/metrics");
            assertThat(m.get("port")).isEqualTo("management");
          });
    });
    Map<String, String> ann = r.apiDeployment().getSpec().getTemplate().getMetadata().getAnnotations();
    assertThat(ann == null ? Map.<String, String>of() : ann).doesNotContainKey("prometheus.io/scrape");
  }
}
