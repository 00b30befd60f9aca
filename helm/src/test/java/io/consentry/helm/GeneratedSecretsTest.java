package io.consentry.helm;

import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static io.consentry.helm.DefaultRenderTest.decode;
import static org.assertj.core.api.Assertions.assertThat;

/** Bundled services' credentials are generated, never plain defaults, and survive upgrades. */
class GeneratedSecretsTest {

  @AfterEach
  void clearCluster() {
    FakeKubeApi.get().clear();
  }

  @Test
  void upgradeReusesThePasswordsAlreadyInTheCluster() {
    FakeKubeApi.get().putSecret(Chart.NAMESPACE, Chart.FULLNAME + "-postgres",
        Map.of("password", "existing-api-db-password", "keycloak-password", "existing-kc-db-password"));
    FakeKubeApi.get().putSecret(Chart.NAMESPACE, Chart.FULLNAME + "-minio",
        Map.of("root-user", "existing-user", "root-password", "existing-minio-password"));
    FakeKubeApi.get().putSecret(Chart.NAMESPACE, Chart.FULLNAME + "-keycloak",
        Map.of("admin-username", "admin", "admin-password", "existing-kc-admin"));
    Chart.Rendered r = Chart.render(Chart.withMasterKey());
    assertThat(decoded(r.get(Secret.class, Chart.FULLNAME + "-postgres")))
        .containsEntry("password", "existing-api-db-password").containsEntry("keycloak-password", "existing-kc-db-password");
    assertThat(decoded(r.get(Secret.class, Chart.FULLNAME + "-minio")))
        .containsEntry("root-password", "existing-minio-password");
    assertThat(decoded(r.get(Secret.class, Chart.FULLNAME + "-keycloak")))
        .containsEntry("admin-password", "existing-kc-admin");
  }

  @Test
  void freshInstallsGetDifferentRandomPasswords() {
    String first = decoded(Chart.render(Chart.withMasterKey()).get(Secret.class, Chart.FULLNAME + "-minio")).get("root-password");
    String second = decoded(Chart.render(Chart.withMasterKey()).get(Secret.class, Chart.FULLNAME + "-minio")).get("root-password");
    assertThat(first).hasSize(40).isNotEqualTo(second);
  }

  @Test
  void existingSecretsAreUsedInsteadOfGeneratedOnes() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("postgres.existingSecret", "my-pg");
    v.put("minio.existingSecret", "my-minio");
    v.put("keycloak.existingSecret", "my-kc");
    Chart.Rendered r = Chart.render(v);
    assertThat(r.all(Secret.class)).isEmpty();
    assertThat(r.apiEnv().get("QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-pg");
    assertThat(r.apiEnv().get("CONSENTRY_S3_SECRET_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-minio");
    assertThat(r.apiEnv().get("CONSENTRY_KEYCLOAK_ADMIN_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-kc");
  }

  @Test
  void valuesYamlHoldsNoCredential() throws IOException {
    String values = Files.readString(Chart.CHART_DIR.resolve("values.yaml"));
    assertThat(values).doesNotContainPattern("(?im)^\\s*(password|secret|accessKey|rootPassword|adminPassword|rootUser)\\s*:\\s*\\S");
    // Every credential-like key is either a Secret name or a key inside a Secret.
    assertThat(values.lines().filter(l -> l.matches("(?i)^\\s*[a-z]*(password|secret)[a-z]*\\s*:.*")))
        .allSatisfy(l -> assertThat(l.trim()).matches("(?i)(existingSecret|secretKey|passwordKey|apiPasswordKey|secretKeyKey|clientSecretKey|secretName|tlsSecretName)\\s*:.*|imagePullSecrets: \\[]"));
  }

  private static Map<String, String> decoded(Secret s) {
    Map<String, String> out = new java.util.TreeMap<>();
    s.getData().forEach((k, v) -> out.put(k, decode(v)));
    return out;
  }
}
