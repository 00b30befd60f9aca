package io.consentry.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the chart hands the api: a runtime database role and an owner role, neither the superuser; a MinIO user limited
 * to the platform's buckets that may delete no audit anchor; its own Keycloak client instead of the bootstrap admin; a
 * management port no Service publishes; a public URL; forwarded headers from the ingress only; and a Keycloak Ingress
 * that publishes sign-in, not administration.
 */
class LeastPrivilegeRenderTest {

  @Test
  void theApiConnectsAsTheRuntimeRoleAndMigratesAsTheOwnerNeitherASuperuser() {
    Chart.Rendered r = Chart.render(Chart.withMasterKey());
    Map<String, EnvVar> env = r.apiEnv();
    assertThat(env.get("QUARKUS_DATASOURCE_USERNAME").getValue()).isEqualTo("consentry_api");
    assertThat(secretKey(env, "QUARKUS_DATASOURCE_PASSWORD")).isEqualTo("api-password");
    assertThat(env.get("QUARKUS_DATASOURCE_OWNER_USERNAME").getValue()).isEqualTo("consentry");
    assertThat(secretKey(env, "QUARKUS_DATASOURCE_OWNER_PASSWORD")).isEqualTo("password");

    Container pg = r.get(StatefulSet.class, Chart.FULLNAME + "-postgres").getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, EnvVar> pgEnv = pg.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(pgEnv.get("POSTGRES_USER").getValue()).as("the image's superuser is not the api's").isEqualTo("postgres");
    assertThat(pgEnv.get("POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("superuser-password");
    String roles = r.get(ConfigMap.class, Chart.FULLNAME + "-postgres-init").getData().get("10-roles.sh");
    assertThat(roles).contains("CREATE ROLE :\"owner\" LOGIN NOSUPERUSER", "CREATE ROLE :\"runtime\" LOGIN NOSUPERUSER",
        "ALTER DATABASE :\"db\" OWNER TO :\"owner\"", "GRANT CONNECT, TEMPORARY ON DATABASE :\"db\" TO :\"runtime\"");
    assertThat(roles).doesNotContain("GRANT ALL");
  }

  @Test
  void theApisMinioUserMayUseOnlyThePlatformsBucketsAndDeleteNoAnchor() throws Exception {
    Chart.Rendered r = Chart.render(Chart.withMasterKey());
    Map<String, EnvVar> env = r.apiEnv();
    assertThat(secretKey(env, "CONSENTRY_S3_ACCESS_KEY")).isEqualTo("api-access-key");
    assertThat(secretKey(env, "CONSENTRY_S3_SECRET_KEY")).isEqualTo("api-secret-key");
    assertThat(env.values()).noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
        && e.getValueFrom().getSecretKeyRef().getKey().startsWith("root-"));

    JsonNode policy = new ObjectMapper().readTree(r.get(ConfigMap.class, Chart.FULLNAME + "-minio-setup").getData().get("policy.json"));
    List<String> allowed = StreamSupport.stream(policy.get("Statement").spliterator(), false)
        .filter(st -> st.get("Effect").asText().equals("Allow"))
        .flatMap(st -> StreamSupport.stream(st.get("Resource").spliterator(), false)).map(JsonNode::asText).toList();
    assertThat(allowed).isNotEmpty().allMatch(res -> res.startsWith("arn:aws:s3:::consentry-t-")
        || res.startsWith("arn:aws:s3:::consentry-audit-anchors"));
    JsonNode deny = StreamSupport.stream(policy.get("Statement").spliterator(), false)
        .filter(st -> st.get("Effect").asText().equals("Deny")).findFirst().orElseThrow();
    assertThat(deny.get("Action").toString()).contains("s3:DeleteObject", "s3:BypassGovernanceRetention", "s3:DeleteBucket");
    assertThat(deny.get("Resource").toString()).contains("consentry-audit-anchors");

    Job setup = r.get(Job.class, Chart.FULLNAME + "-minio-setup-1");
    assertThat(setup.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName).contains("MINIO_ROOT_USER", "API_ACCESS_KEY");
    String script = r.get(ConfigMap.class, Chart.FULLNAME + "-minio-setup").getData().get("setup.sh");
    assertThat(script).contains("mc admin policy create platform consentry-api", "mc admin user add", "--with-lock");
  }

  @Test
  void theApiUsesItsOwnKeycloakClientNeverTheBootstrapAdmin() {
    Chart.Rendered r = Chart.render(Chart.withMasterKey());
    Map<String, EnvVar> env = r.apiEnv();
    assertThat(env.get("CONSENTRY_KEYCLOAK_ADMIN_CLIENT_ID").getValue()).isEqualTo("consentry-api");
    assertThat(secretKey(env, "CONSENTRY_KEYCLOAK_ADMIN_CLIENT_SECRET")).isEqualTo("api-client-secret");
    assertThat(env.values()).noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
        && e.getValueFrom().getSecretKeyRef().getKey().startsWith("admin-"));
    Job setup = r.get(Job.class, Chart.FULLNAME + "-keycloak-setup-1");
    assertThat(setup.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName).contains("KC_ADMIN_PASSWORD", "API_CLIENT_SECRET");
    String script = r.get(ConfigMap.class, Chart.FULLNAME + "-keycloak-setup").getData().get("setup.sh");
    assertThat(script).contains("clientId=consentry-api", "serviceAccountsEnabled=true", "directAccessGrantsEnabled=false",
        "--rolename create-realm", "--cclientid \"$REALM-realm\"", "client.use.lightweight.access.token.enabled");
    assertThat(script).doesNotContain("--rolename admin ");
  }

  @Test
  void theManagementPortIsForProbesAndPrometheusOnly() {
    Chart.Rendered r = Chart.render(Chart.ha());
    Service svc = r.get(Service.class, Chart.FULLNAME);
    assertThat(svc.getSpec().getPorts()).extracting(p -> p.getTargetPort().getStrVal()).containsExactly("http");
    assertThat(r.apiEnv().get("QUARKUS_MANAGEMENT_HOST").getValue()).isEqualTo("0.0.0.0");
    Ingress ingress = r.get(Ingress.class, Chart.FULLNAME);
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths())
        .allSatisfy(p -> assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("http"));
  }

  @Test
  void thePublicUrlComesFromTheIngressOrAValueAndIsRequiredOutsideDev() {
    assertThat(Chart.render(Chart.ha()).apiEnv().get("CONSENTRY_PUBLIC_URL").getValue()).isEqualTo("https://consentry.example.com");
    Map<String, Object> own = Chart.withMasterKey();
    own.put("api.publicUrl", "https://faces.example.org/");
    assertThat(Chart.render(own).apiEnv().get("CONSENTRY_PUBLIC_URL").getValue()).isEqualTo("https://faces.example.org");

    Map<String, Object> none = Chart.withMasterKey();
    none.remove("api.publicUrl");
    assertThat(Chart.renderError(none)).contains("public URL");
    Map<String, Object> plain = Chart.withMasterKey();
    plain.remove("api.publicUrl");
    plain.put("ingress.enabled", true);
    plain.put("ingress.host", "consentry.example.com");
    plain.put("ingress.tls.enabled", false);
    assertThat(Chart.renderError(plain)).contains("https");

    Map<String, Object> trial = new java.util.LinkedHashMap<>();
    trial.put("dev.enabled", true);
    assertThat(Chart.render(trial).apiEnv().get("CONSENTRY_PUBLIC_URL").getValue()).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void forwardedHeadersAreBelievedFromTheIngressControllersNetworkOnly() {
    Map<String, EnvVar> withIngress = Chart.render(Chart.ha()).apiEnv();
    assertThat(withIngress.get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING").getValue()).isEqualTo("true");
    assertThat(withIngress.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").getValue()).isEqualTo("10.0.0.0/8,172.16.0.0/12,192.168.0.0/16");
    Map<String, Object> narrow = Chart.ha();
    narrow.put("api.trustedProxies[0]", "10.42.0.0/16");
    assertThat(Chart.render(narrow).apiEnv().get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").getValue()).isEqualTo("10.42.0.0/16");
    assertThat(Chart.render(Chart.withMasterKey()).apiEnv()).as("without an Ingress, nobody's forwarded headers count")
        .doesNotContainKeys("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
  }

  @Test
  void keycloaksIngressPublishesSignInNotAdministration() {
    List<HTTPIngressPath> paths = Chart.render(Chart.ha()).get(Ingress.class, Chart.FULLNAME + "-keycloak")
        .getSpec().getRules().get(0).getHttp().getPaths();
    assertThat(paths).extracting(HTTPIngressPath::getPath).containsExactlyInAnyOrder("/realms/", "/resources/", "/realms/master");
    assertThat(paths).filteredOn(p -> p.getPath().equals("/realms/master")).singleElement()
        .satisfies(p -> assertThat(p.getBackend().getService().getName()).as("answered by the api: 404").isEqualTo(Chart.FULLNAME));
    assertThat(paths).extracting(HTTPIngressPath::getPath).doesNotContain("/", "/admin", "/admin/");

    Map<String, Object> admin = Chart.ha();
    admin.put("keycloak.ingress.exposeAdmin", true);
    assertThat(Chart.render(admin).get(Ingress.class, Chart.FULLNAME + "-keycloak").getSpec().getRules().get(0).getHttp().getPaths())
        .extracting(HTTPIngressPath::getPath).containsExactly("/");
  }

  private static String secretKey(Map<String, EnvVar> env, String name) {
    return env.get(name).getValueFrom().getSecretKeyRef().getKey();
  }
}
