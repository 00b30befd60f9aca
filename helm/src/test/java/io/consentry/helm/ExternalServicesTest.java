package io.consentry.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.consentry.helm.DefaultRenderTest.env;
import static org.assertj.core.api.Assertions.assertThat;

/** Each bundled service can be switched off for an external one. */
class ExternalServicesTest {

  @Test
  void externalPostgresReplacesTheStatefulSet() {
    Chart.Rendered r = Chart.render(Chart.externalPostgres());
    assertThat(r.find(StatefulSet.class, Chart.FULLNAME + "-postgres")).isEmpty();
    assertThat(r.find(Secret.class, Chart.FULLNAME + "-postgres")).isEmpty();
    assertThat(r.find(NetworkPolicy.class, Chart.FULLNAME + "-postgres")).isEmpty();
    Map<String, EnvVar> env = r.apiEnv();
    assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL").getValue())
        .isEqualTo("jdbc:postgresql://pg.db.example.com:6432/consentry?sslmode=require");
    // Requests run as the runtime role, migrations as the owner; both passwords come from the operator's Secret.
    assertThat(env.get("QUARKUS_DATASOURCE_USERNAME").getValue()).isEqualTo("consentry_api");
    assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("pg-credentials");
    assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("api-password");
    assertThat(env.get("QUARKUS_DATASOURCE_OWNER_USERNAME").getValue()).isEqualTo("consentry");
    assertThat(env.get("QUARKUS_DATASOURCE_OWNER_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    // The bundled Keycloak keeps its own database on the external server.
    Container kc = keycloak(r);
    assertThat(env(kc, "KC_DB_URL").getValue())
        .isEqualTo("jdbc:postgresql://pg.db.example.com:6432/keycloak?sslmode=require");
    assertThat(env(kc, "KC_DB_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("kc-db-credentials");
  }

  @Test
  void externalS3ReplacesMinio() {
    Chart.Rendered r = Chart.render(Chart.externalS3());
    assertThat(r.find(StatefulSet.class, Chart.FULLNAME + "-minio")).isEmpty();
    assertThat(r.find(Secret.class, Chart.FULLNAME + "-minio")).isEmpty();
    Map<String, EnvVar> env = r.apiEnv();
    assertThat(env.get("CONSENTRY_S3_ENDPOINT").getValue()).isEqualTo("https://s3.eu-central-1.example.com");
    assertThat(env.get("CONSENTRY_S3_REGION").getValue()).isEqualTo("eu-central-1");
    assertThat(env.get("CONSENTRY_S3_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-credentials");
    assertThat(env.get("CONSENTRY_S3_ACCESS_KEY").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("access-key");
    assertThat(env.get("CONSENTRY_S3_SECRET_KEY").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secret-key");
  }

  @Test
  void externalKeycloakReplacesTheBundledOne() {
    Chart.Rendered r = Chart.render(Chart.externalKeycloak());
    assertThat(r.find(Deployment.class, Chart.FULLNAME + "-keycloak")).isEmpty();
    assertThat(r.find(Secret.class, Chart.FULLNAME + "-keycloak")).isEmpty();
    // PostgreSQL no longer needs to admit Keycloak, but still holds the api's data.
    assertThat(r.find(StatefulSet.class, Chart.FULLNAME + "-postgres")).isPresent();
    Map<String, EnvVar> env = r.apiEnv();
    assertThat(env.get("CONSENTRY_KEYCLOAK_URL").getValue()).isEqualTo("https://auth.example.com:8443");
    // Without a separate public address, tokens name the same base URL the api uses.
    assertThat(env.get("CONSENTRY_KEYCLOAK_ISSUER_BASE_URL").getValue()).isEqualTo("https://auth.example.com:8443");
    assertThat(env.get("CONSENTRY_KEYCLOAK_ADMIN_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getName()).isEqualTo("kc-admin");
    assertThat(env.get("CONSENTRY_KEYCLOAK_ADMIN_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("client-secret");
    assertThat(env.get("CONSENTRY_KEYCLOAK_ADMIN_CLIENT_ID").getValue()).isEqualTo("consentry-api");
    assertThat(env).doesNotContainKeys("CONSENTRY_KEYCLOAK_ADMIN_USERNAME", "CONSENTRY_KEYCLOAK_ADMIN_PASSWORD");
  }

  @Test
  void allExternalRendersOnlyTheApi() {
    Chart.Rendered r = Chart.render(Chart.allExternal());
    assertThat(r.all(StatefulSet.class)).isEmpty();
    assertThat(r.all(Deployment.class)).extracting(d -> d.getMetadata().getName()).containsExactly(Chart.FULLNAME);
    assertThat(r.all(Secret.class)).as("no generated credentials").isEmpty();
    assertThat(r.all(NetworkPolicy.class)).extracting(d -> d.getMetadata().getName()).containsExactly(Chart.FULLNAME + "-api");
  }

  @Test
  void kmsUriAloneIsAValidMasterKey() {
    Map<String, Object> v = Chart.withMasterKey();
    v.remove("masterKey.existingSecret");
    v.put("masterKey.kmsUri", "gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/consentry");
    v.put("api.publicUrl", "https://consentry.example.com");
    Chart.Rendered r = Chart.render(v);
    Map<String, EnvVar> env = r.apiEnv();
    assertThat(env.get("CONSENTRY_MASTER_KEY_KMS_URI").getValue()).startsWith("gcp-kms://");
    assertThat(env).doesNotContainKey("CONSENTRY_MASTER_KEY_KEYSET_FILE");
    assertThat(env.get("CONSENTRY_MASTER_KEY_GENERATE_IF_MISSING").getValue()).isEqualTo("false");
  }

  @Test
  void devFlagRendersWithoutAMasterKeyAndLetsTheApiGenerateOne() {
    Chart.Rendered r = Chart.render(Map.of("dev.enabled", true));
    Map<String, EnvVar> env = r.apiEnv();
    assertThat(env.get("CONSENTRY_MASTER_KEY_GENERATE_IF_MISSING").getValue()).isEqualTo("true");
    assertThat(env.get("CONSENTRY_MASTER_KEY_KEYSET_FILE").getValue()).startsWith("/etc/consentry/master-key/");
    assertThat(ApiConfig.envNames()).containsAll(env.keySet());
  }

  private static Container keycloak(Chart.Rendered r) {
    return r.get(Deployment.class, Chart.FULLNAME + "-keycloak").getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
