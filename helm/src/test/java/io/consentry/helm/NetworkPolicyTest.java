package io.consentry.helm;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The api may talk only to PostgreSQL, S3, Keycloak, the SMTP relay and DNS, and be reached only by the ingress
 * controller and Prometheus.
 */
class NetworkPolicyTest {

  @Test
  void apiEgressWithBundledServicesGoesOnlyToTheirPodsAndDns() {
    NetworkPolicy np = apiPolicy(Chart.render(Chart.withMasterKey()));
    assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(np.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "api");

    List<NetworkPolicyEgressRule> egress = np.getSpec().getEgress();
    assertThat(egress).hasSize(5);
    assertThat(egress).allSatisfy(rule -> {
      assertThat(rule.getTo()).as("no rule without a destination").isNotEmpty();
      assertThat(rule.getPorts()).as("no rule without ports").isNotEmpty();
    });
    assertThat(egress.subList(0, 4)).allSatisfy(rule ->
        assertThat(rule.getTo()).allSatisfy(peer -> assertThat(peer.getIpBlock()).as("no ipBlock to bundled services").isNull()));
    // the SMTP relay is outside the cluster: reached on its port only
    assertThat(egress.get(4).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(587);
    assertThat(egressTo(egress, "postgres")).containsExactly(5432);
    assertThat(egressTo(egress, "minio")).containsExactly(9000);
    assertThat(egressTo(egress, "keycloak")).containsExactly(8080);
    NetworkPolicyEgressRule dns = egress.get(0);
    assertThat(dns.getTo()).singleElement().satisfies(p ->
        assertThat(p.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "kube-system"));
    assertThat(dns.getPorts()).extracting(NetworkPolicyPort::getProtocol).containsExactlyInAnyOrder("UDP", "TCP");
    assertThat(dns.getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
  }

  @Test
  void apiIngressFromTheIngressControllerOn8080AndPrometheusOnTheManagementPort() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("networkPolicy.ingressControllerNamespaceSelector.matchLabels.team", "edge");
    NetworkPolicy np = apiPolicy(Chart.render(v));
    List<NetworkPolicyIngressRule> ingress = np.getSpec().getIngress();
    assertThat(ingress).hasSize(2);
    assertThat(ingress.get(0).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(8080);
    assertThat(ingress.get(1).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(9000);
    assertThat(ingress).allSatisfy(rule -> {
      assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
        assertThat(peer.getNamespaceSelector()).as("only from selected namespaces").isNotNull();
        assertThat(peer.getIpBlock()).isNull();
      });
    });
    assertThat(ingress.get(0).getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "ingress-nginx").containsEntry("team", "edge");
    assertThat(ingress.get(1).getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "monitoring");
  }

  @Test
  void withoutMetricsPrometheusIsNotAdmitted() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("metrics.enabled", false);
    assertThat(apiPolicy(Chart.render(v)).getSpec().getIngress()).hasSize(1);
  }

  @Test
  void externalServicesAreReachedOnlyOnTheirPorts() {
    Map<String, Object> v = Chart.allExternal();
    v.put("networkPolicy.externalCIDRs[0]", "10.20.0.0/16");
    v.put("masterKey.kmsUri", "aws-kms://arn:aws:kms:eu-central-1:111122223333:key/k");
    List<NetworkPolicyEgressRule> egress = apiPolicy(Chart.render(v)).getSpec().getEgress();
    // DNS, PostgreSQL 6432, S3 443 (https without a port), Keycloak 8443 (port in the URL), SMTP 587, KMS 443.
    assertThat(egress).hasSize(6);
    List<Integer> externalPorts = egress.stream().skip(1)
        .peek(rule -> assertThat(rule.getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("10.20.0.0/16"))
        .map(rule -> rule.getPorts().get(0).getPort().getIntVal()).collect(Collectors.toList());
    assertThat(externalPorts).containsExactly(6432, 443, 8443, 587, 443);
  }

  @Test
  void bundledServicesAdmitOnlyTheirClients() {
    Chart.Rendered r = Chart.render(Chart.withMasterKey());
    assertThat(ingressFromComponents(r.get(NetworkPolicy.class, Chart.FULLNAME + "-postgres")))
        .containsExactlyInAnyOrder("api", "keycloak");
    assertThat(ingressFromComponents(r.get(NetworkPolicy.class, Chart.FULLNAME + "-minio")))
        .containsExactlyInAnyOrder("api", "minio", "minio-setup");
    assertThat(ingressFromComponents(r.get(NetworkPolicy.class, Chart.FULLNAME + "-keycloak")))
        .contains("api", "keycloak", "keycloak-setup");
  }

  @Test
  void policiesCanBeSwitchedOff() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("networkPolicy.enabled", false);
    assertThat(Chart.render(v).all(NetworkPolicy.class)).isEmpty();
  }

  static NetworkPolicy apiPolicy(Chart.Rendered r) {
    return r.get(NetworkPolicy.class, Chart.FULLNAME + "-api");
  }

  /** Ports of the egress rules whose destination is the bundled component's pods. */
  private static List<Integer> egressTo(List<NetworkPolicyEgressRule> egress, String component) {
    return egress.stream()
        .filter(rule -> rule.getTo().stream().anyMatch(p -> component.equals(component(p))))
        .flatMap(rule -> rule.getPorts().stream()).map(p -> p.getPort().getIntVal()).collect(Collectors.toList());
  }

  private static Set<String> ingressFromComponents(NetworkPolicy np) {
    return np.getSpec().getIngress().stream().flatMap(rule -> rule.getFrom().stream())
        .map(NetworkPolicyTest::component).filter(Objects::nonNull).collect(Collectors.toSet());
  }

  /** The component a peer selects by pod labels in the release's namespace, or null. */
  private static String component(NetworkPolicyPeer peer) {
    if (peer.getPodSelector() == null || peer.getNamespaceSelector() != null
        || peer.getPodSelector().getMatchLabels() == null) {
      return null;
    }
    return peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component");
  }
}
