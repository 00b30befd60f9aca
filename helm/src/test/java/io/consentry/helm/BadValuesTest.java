package io.consentry.helm;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong values fail `helm template`/`install` with a message that names the value. */
class BadValuesTest {

  @Test
  void missingMasterKeyFailsNamingTheValue() {
    String error = Chart.renderError(Map.of());
    assertThat(error).contains("masterKey.existingSecret").contains("masterKey.kmsUri").contains("dev.enabled");
  }

  @Test
  void missingMailRelayFailsNamingTheValue() {
    Map<String, Object> v = Chart.withMasterKey();
    v.remove("mail.host");
    assertThat(Chart.renderError(v)).contains("mail.host").contains("dev.enabled");
    Map<String, Object> noSender = Chart.withMasterKey();
    noSender.remove("mail.from");
    assertThat(Chart.renderError(noSender)).contains("mail.from");
    Map<String, Object> noUrl = Chart.withMasterKey();
    noUrl.remove("api.publicUrl");
    assertThat(Chart.renderError(noUrl)).contains("api.publicUrl");
    Map<String, Object> badTls = Chart.withMasterKey();
    badTls.put("mail.startTls", "SOMETIMES");
    assertThat(Chart.renderError(badTls)).contains("mail").contains("startTls");
  }

  @Test
  void negativeApiReplicasFailTheSchema() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("api.replicas", -1);
    assertThat(Chart.renderError(v)).contains("api.replicas").contains("greater than or equal to 1");
  }

  @Test
  void negativeMinioAndKeycloakReplicasFailTheSchema() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("minio.replicas", -2);
    v.put("keycloak.replicas", 0);
    assertThat(Chart.renderError(v)).contains("minio.replicas").contains("keycloak.replicas");
  }

  @Test
  void unknownTopLevelKeyFails() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("replicaCount", 3);
    assertThat(Chart.renderError(v)).contains("replicaCount").contains("not allowed");
  }

  @Test
  void unknownNestedKeyFailsNamingItsPath() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("api.replica", 3);
    assertThat(Chart.renderError(v)).contains("api").contains("replica").contains("not allowed");
    Map<String, Object> typo = Chart.withMasterKey();
    typo.put("external.postgress.enabled", true);
    assertThat(Chart.renderError(typo)).contains("external").contains("postgress");
  }

  @Test
  void wrongTypeFails() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("api.replicas", "many");
    assertThat(Chart.renderError(v)).contains("api.replicas");
  }

  @Test
  void minioWithTwoOrThreeReplicasFails() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("minio.replicas", 3);
    assertThat(Chart.renderError(v)).contains("minio.replicas").contains("at least 4");
  }

  @Test
  void externalServicesNeedTheirConnectionSettings() {
    Map<String, Object> pg = Chart.withMasterKey();
    pg.put("external.postgres.enabled", true);
    pg.put("external.postgres.host", "db");
    assertThat(Chart.renderError(pg)).contains("external.postgres.existingSecret");

    Map<String, Object> s3 = Chart.withMasterKey();
    s3.put("external.s3.enabled", true);
    assertThat(Chart.renderError(s3)).contains("external.s3.endpoint");

    Map<String, Object> kc = Chart.withMasterKey();
    kc.put("external.keycloak.enabled", true);
    kc.put("external.keycloak.url", "https://auth.example.com");
    assertThat(Chart.renderError(kc)).contains("external.keycloak.existingSecret");

    Map<String, Object> kcDb = Chart.externalPostgres();
    kcDb.remove("keycloak.database.existingSecret");
    assertThat(Chart.renderError(kcDb)).contains("keycloak.database.existingSecret");
  }

  @Test
  void ingressNeedsAHost() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("ingress.enabled", true);
    assertThat(Chart.renderError(v)).contains("ingress.host");
  }

  @Test
  void devFlagRefusesSeveralReplicasWithoutASharedKey() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("dev.enabled", true);
    v.put("api.replicas", 2);
    assertThat(Chart.renderError(v)).contains("api.replicas").contains("masterKey.existingSecret");
  }

  @Test
  void masterKeyKmsUriMustLookLikeATinkKmsUri() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("masterKey.kmsUri", "my-key");
    assertThat(Chart.renderError(v)).contains("masterKey.kmsUri");
  }
}
