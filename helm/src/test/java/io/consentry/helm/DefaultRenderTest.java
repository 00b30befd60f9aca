package io.consentry.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `helm template` with the default values plus the one required value, the master key Secret. */
class DefaultRenderTest {

  static Chart.Rendered r;

  @BeforeAll
  static void render() {
    r = Chart.render(Chart.withMasterKey());
  }

  @Test
  void apiProbesUseQuarkusHealthEndpointsOnTheManagementPort() {
    Container api = r.apiContainer();
    assertThat(api.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http:8080", "management:9000");
    assertHttpProbe(api.getLivenessProbe(), "/q/health/live");
    assertHttpProbe(api.getReadinessProbe(), "/q/health/ready");
    assertHttpProbe(api.getStartupProbe(), "/q/health/live");
    assertThat(api.getStartupProbe().getFailureThreshold() * api.getStartupProbe().getPeriodSeconds())
        .as("start-up (Flyway migrations) gets minutes, not seconds").isGreaterThanOrEqualTo(120);
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
  }

  @Test
  void apiRunsNonRootOnReadOnlyRootWithWritableTmp() {
    PodSpec pod = r.apiDeployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();

    Container api = r.apiContainer();
    assertThat(api.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(api.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(api.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

    // OpenCV extracts its native library to java.io.tmpdir: /tmp must be a writable emptyDir.
    VolumeMount tmp = mount(api, "/tmp");
    assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
    assertThat(volume(pod, tmp.getName()).getEmptyDir()).isNotNull();
  }

  @Test
  void apiHasResourceRequestsAndLimits() {
    var res = r.apiContainer().getResources();
    assertThat(res.getRequests()).containsKeys("cpu", "memory");
    assertThat(res.getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void masterKeyIsMountedFromTheExistingSecretAndNeverGenerated() {
    PodSpec pod = r.apiDeployment().getSpec().getTemplate().getSpec();
    Map<String, EnvVar> env = r.apiEnv();
    String file = env.get("CONSENTRY_MASTER_KEY_KEYSET_FILE").getValue();
    assertThat(file).isEqualTo("/etc/consentry/master-key/keyset.json");
    assertThat(env.get("CONSENTRY_MASTER_KEY_GENERATE_IF_MISSING").getValue()).isEqualTo("false");

    VolumeMount mount = mount(r.apiContainer(), "/etc/consentry/master-key");
    assertThat(mount.getReadOnly()).isTrue();
    Volume volume = volume(pod, mount.getName());
    assertThat(volume.getSecret().getSecretName()).isEqualTo("consentry-master-key");
    assertThat(volume.getSecret().getItems()).singleElement()
        .satisfies(k -> assertThat(k.getKey()).isEqualTo("keyset.json"));
    // The chart never creates the master key Secret itself.
    assertThat(r.find(Secret.class, "consentry-master-key")).isEmpty();
  }

  @Test
  void singleReplicaHasNeitherHpaNorPdbAndNoIngressByDefault() {
    assertThat(r.apiDeployment().getSpec().getReplicas()).isEqualTo(1);
    assertThat(r.all(HorizontalPodAutoscaler.class)).isEmpty();
    assertThat(r.all(PodDisruptionBudget.class)).isEmpty();
    assertThat(r.all(Ingress.class)).isEmpty();
  }

  @Test
  void apiServiceAndServiceAccount() {
    Service svc = r.get(Service.class, Chart.FULLNAME);
    assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
    assertThat(svc.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "api");
    ServiceAccount sa = r.get(ServiceAccount.class, Chart.FULLNAME);
    assertThat(sa.getAutomountServiceAccountToken()).isFalse();
    assertThat(r.apiDeployment().getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(Chart.FULLNAME);
  }

  @Test
  void prometheusScrapeAnnotationsPointAtQuarkusMetrics() {
    Map<String, String> ann = r.apiDeployment().getSpec().getTemplate().getMetadata().getAnnotations();
    assertThat(ann).containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "9000")
        .containsEntry("prometheus.io/path", "/q/metrics");
    assertThat(r.generic("PodMonitor")).isEmpty();
  }

  @Test
  void bundledPostgresIsAStatefulSetWithAPvcAndGeneratedPassword() {
    StatefulSet pg = r.get(StatefulSet.class, Chart.FULLNAME + "-postgres");
    assertThat(pg.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(pvc -> {
      assertThat(pvc.getMetadata().getName()).isEqualTo("data");
      assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi");
    });
    Container c = pg.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("postgres:17.5");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pg.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(env(c, "POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo(Chart.FULLNAME + "-postgres");

    Secret secret = r.get(Secret.class, Chart.FULLNAME + "-postgres");
    assertThat(secret.getData()).containsKeys("password", "keycloak-password");
    assertThat(decode(secret.getData().get("password"))).hasSize(32).matches("[A-Za-z0-9]+");
    assertThat(secret.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
  }

  @Test
  void bundledMinioIsStandaloneWithOneReplica() {
    StatefulSet minio = r.get(StatefulSet.class, Chart.FULLNAME + "-minio");
    assertThat(minio.getSpec().getReplicas()).isEqualTo(1);
    Container c = minio.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs()).containsSequence("server", "/data");
    assertThat(minio.getSpec().getVolumeClaimTemplates()).hasSize(1);
    assertThat(r.find(PodDisruptionBudget.class, Chart.FULLNAME + "-minio")).isEmpty();
  }

  @Test
  void bundledKeycloakUsesTheOfficialImageAndItsOwnDatabaseInTheSamePostgres() {
    Deployment kc = r.get(Deployment.class, Chart.FULLNAME + "-keycloak");
    Container c = kc.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).startsWith("quay.io/keycloak/keycloak:");
    assertThat(env(c, "KC_DB").getValue()).isEqualTo("postgres");
    assertThat(env(c, "KC_DB_URL").getValue()).isEqualTo("jdbc:postgresql://" + Chart.FULLNAME + "-postgres:5432/keycloak");
    assertThat(env(c, "KC_DB_USERNAME").getValue()).isEqualTo("keycloak");
    assertThat(env(c, "KC_DB_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("keycloak-password");
    assertThat(env(c, "KC_BOOTSTRAP_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(Chart.FULLNAME + "-keycloak");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(kc.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    // The bundled PostgreSQL creates Keycloak's database and user on first start.
    assertThat(r.yaml).contains("CREATE DATABASE :\"kc_db\" OWNER :\"kc_user\"");
  }

  @Test
  void apiDefaultImageIsTheChartAppVersion() {
    assertThat(r.apiContainer().getImage()).isEqualTo("consentry/api:0.1.0");
  }

  static VolumeMount mount(Container c, String path) {
    return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no mount at " + path));
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }

  static EnvVar env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
  }

  static String decode(String b64) {
    return new String(java.util.Base64.getDecoder().decode(b64), java.nio.charset.StandardCharsets.UTF_8);
  }
}
