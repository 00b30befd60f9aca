package io.consentry.helm;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart describes further cells (values {@code cells[]}): the api receives each as consentry.cells.&lt;name&gt;.*
 * with its credentials only by Secret reference, and its NetworkPolicy lets it reach each cell's PostgreSQL, Keycloak
 * and S3 on their ports only.
 */
class CellsRenderTest {

  /** The api's reader of further cells: the keys it looks up under consentry.cells.&lt;name&gt;. */
  static final Path CELLS_JAVA = Chart.MODULE_DIR
      .resolve("../tenants/src/main/java/io/consentry/tenants/placement/Cells.java").normalize();

  static Chart.Rendered r;

  /** Two cells beside the home cell: cell-b with every value, eu-west-2 with only what is required. */
  static Map<String, Object> twoCells() {
    Map<String, Object> v = Chart.withMasterKey();
    v.put("cells[0].name", "cell-b");
    v.put("cells[0].weight", 3);
    v.put("cells[0].keycloak.url", "https://sso-b.internal:8443/");
    v.put("cells[0].keycloak.issuerBaseUrl", "https://sso-b.example.com");
    v.put("cells[0].keycloak.adminRealm", "ops");
    v.put("cells[0].keycloak.adminClientId", "consentry-api-b");
    v.put("cells[0].keycloak.adminClientSecretRef.name", "cell-b-keycloak");
    v.put("cells[0].keycloak.adminClientSecretRef.key", "client-secret");
    v.put("cells[0].database.jdbcUrl", "jdbc:postgresql://pg-b.internal:6432/consentry?sslmode=require");
    v.put("cells[0].database.username", "api_b");
    v.put("cells[0].database.passwordSecretRef.name", "cell-b-postgres");
    v.put("cells[0].database.passwordSecretRef.key", "api-password");
    v.put("cells[0].database.ownerUsername", "owner_b");
    v.put("cells[0].database.ownerPasswordSecretRef.name", "cell-b-postgres");
    v.put("cells[0].database.ownerPasswordSecretRef.key", "password");
    v.put("cells[0].s3.endpoint", "https://s3-b.internal:9000");
    v.put("cells[0].s3.region", "eu-central-1");
    v.put("cells[0].s3.accessKeySecretRef.name", "cell-b-s3");
    v.put("cells[0].s3.accessKeySecretRef.key", "access-key");
    v.put("cells[0].s3.secretKeySecretRef.name", "cell-b-s3");
    v.put("cells[0].s3.secretKeySecretRef.key", "secret-key");
    v.put("cells[0].egressCIDRs[0]", "10.42.0.0/16");
    v.put("cells[1].name", "eu-west-2");
    v.put("cells[1].keycloak.url", "https://sso.eu-west-2.example.com");
    v.put("cells[1].keycloak.adminClientSecretRef.name", "eu-west-2");
    v.put("cells[1].keycloak.adminClientSecretRef.key", "kc");
    v.put("cells[1].database.jdbcUrl", "jdbc:postgresql://pg1.eu-west-2:5433,pg2.eu-west-2:5434/consentry");
    v.put("cells[1].database.passwordSecretRef.name", "eu-west-2");
    v.put("cells[1].database.passwordSecretRef.key", "db");
    v.put("cells[1].database.ownerPasswordSecretRef.name", "eu-west-2");
    v.put("cells[1].database.ownerPasswordSecretRef.key", "db-owner");
    v.put("cells[1].s3.endpoint", "https://s3.eu-west-2.example.com");
    v.put("cells[1].s3.accessKeySecretRef.name", "eu-west-2");
    v.put("cells[1].s3.accessKeySecretRef.key", "s3-access");
    v.put("cells[1].s3.secretKeySecretRef.name", "eu-west-2");
    v.put("cells[1].s3.secretKeySecretRef.key", "s3-secret");
    return v;
  }

  @BeforeAll
  static void render() {
    r = Chart.render(twoCells());
  }

  @Test
  void everyCellReachesTheApiUnderTheKeysItReads() throws IOException {
    Map<String, EnvVar> env = r.apiEnv();
    assertThat(env.get("CONSENTRY_CELLS_NAMES").getValue()).isEqualTo("cell-b,eu-west-2");
    assertThat(ApiConfig.envName("consentry.cells.names")).isEqualTo("CONSENTRY_CELLS_NAMES");

    // Exactly the keys Cells looks up, in their one environment form, for each cell: nothing the api would not read.
    Set<String> keys = cellKeys();
    assertThat(keys).contains("jdbc-url", "db-owner-password", "s3-secret-key", "admin-client-secret", "weight");
    for (String cell : List.of("cell-b", "eu-west-2")) {
      Set<String> expected = keys.stream().map(k -> ApiConfig.envName("consentry.cells." + cell + "." + k))
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> rendered = env.keySet().stream()
          .filter(n -> n.startsWith(ApiConfig.envName("consentry.cells." + cell + ".")))
          .collect(Collectors.toCollection(TreeSet::new));
      if (cell.equals("eu-west-2")) {
        // the issuer defaults to the Keycloak URL in the api; the chart leaves it unset rather than repeating it
        expected.remove("CONSENTRY_CELLS_EU_WEST_2_ISSUER_BASE_URL");
      }
      assertThat(rendered).as("env of cell %s", cell).isEqualTo(expected);
    }

    assertThat(env.get("CONSENTRY_CELLS_CELL_B_KEYCLOAK_URL").getValue()).isEqualTo("https://sso-b.internal:8443");
    assertThat(env.get("CONSENTRY_CELLS_CELL_B_ISSUER_BASE_URL").getValue()).isEqualTo("https://sso-b.example.com");
    assertThat(env.get("CONSENTRY_CELLS_CELL_B_ADMIN_REALM").getValue()).isEqualTo("ops");
    assertThat(env.get("CONSENTRY_CELLS_CELL_B_ADMIN_CLIENT_ID").getValue()).isEqualTo("consentry-api-b");
    assertThat(env.get("CONSENTRY_CELLS_CELL_B_JDBC_URL").getValue())
        .isEqualTo("jdbc:postgresql://pg-b.internal:6432/consentry?sslmode=require");
    assertThat(env.get("CONSENTRY_CELLS_CELL_B_DB_USERNAME").getValue()).isEqualTo("api_b");
    assertThat(env.get("CONSENTRY_CELLS_CELL_B_DB_OWNER_USERNAME").getValue()).isEqualTo("owner_b");
    assertThat(env.get("CONSENTRY_CELLS_CELL_B_S3_ENDPOINT").getValue()).isEqualTo("https://s3-b.internal:9000");
    assertThat(env.get("CONSENTRY_CELLS_CELL_B_S3_REGION").getValue()).isEqualTo("eu-central-1");
    assertThat(env.get("CONSENTRY_CELLS_CELL_B_WEIGHT").getValue()).isEqualTo("3");

    // the api's own defaults, written out so an operator sees what the cell runs with
    assertThat(env.get("CONSENTRY_CELLS_EU_WEST_2_ADMIN_REALM").getValue()).isEqualTo("master");
    assertThat(env.get("CONSENTRY_CELLS_EU_WEST_2_ADMIN_CLIENT_ID").getValue()).isEqualTo("consentry-api");
    assertThat(env.get("CONSENTRY_CELLS_EU_WEST_2_DB_USERNAME").getValue()).isEqualTo("consentry_api");
    assertThat(env.get("CONSENTRY_CELLS_EU_WEST_2_DB_OWNER_USERNAME").getValue()).isEqualTo("consentry");
    assertThat(env.get("CONSENTRY_CELLS_EU_WEST_2_S3_REGION").getValue()).isEqualTo("us-east-1");
    assertThat(env.get("CONSENTRY_CELLS_EU_WEST_2_WEIGHT").getValue()).isEqualTo("1");
  }

  @Test
  void everyCellCredentialIsASecretReferenceNeverAValue() {
    Map<String, EnvVar> env = r.apiEnv();
    assertSecret(env, "CONSENTRY_CELLS_CELL_B_ADMIN_CLIENT_SECRET", "cell-b-keycloak", "client-secret");
    assertSecret(env, "CONSENTRY_CELLS_CELL_B_DB_PASSWORD", "cell-b-postgres", "api-password");
    assertSecret(env, "CONSENTRY_CELLS_CELL_B_DB_OWNER_PASSWORD", "cell-b-postgres", "password");
    assertSecret(env, "CONSENTRY_CELLS_CELL_B_S3_ACCESS_KEY", "cell-b-s3", "access-key");
    assertSecret(env, "CONSENTRY_CELLS_CELL_B_S3_SECRET_KEY", "cell-b-s3", "secret-key");
    assertSecret(env, "CONSENTRY_CELLS_EU_WEST_2_ADMIN_CLIENT_SECRET", "eu-west-2", "kc");
    assertSecret(env, "CONSENTRY_CELLS_EU_WEST_2_DB_PASSWORD", "eu-west-2", "db");
    assertSecret(env, "CONSENTRY_CELLS_EU_WEST_2_DB_OWNER_PASSWORD", "eu-west-2", "db-owner");
    assertSecret(env, "CONSENTRY_CELLS_EU_WEST_2_S3_ACCESS_KEY", "eu-west-2", "s3-access");
    assertSecret(env, "CONSENTRY_CELLS_EU_WEST_2_S3_SECRET_KEY", "eu-west-2", "s3-secret");
    // a password given as a value has no place in the values: the schema refuses it
    Map<String, Object> plain = twoCells();
    plain.put("cells[0].database.password", "hunter2");
    assertThat(Chart.renderError(plain)).contains("cells").contains("password").contains("not allowed");
  }

  @Test
  void theApiMayReachEachCellsServersOnTheirPortsOnly() {
    List<NetworkPolicyEgressRule> egress = apiPolicy(r).getSpec().getEgress();
    List<NetworkPolicyEgressRule> home = apiPolicy(Chart.render(Chart.withMasterKey())).getSpec().getEgress();
    assertThat(egress).hasSize(home.size() + 6).containsAll(home);

    // cell-b: its own network (egressCIDRs); ports from its JDBC URL, Keycloak URL and S3 endpoint
    assertThat(rulesTo(egress, "10.42.0.0/16")).extracting(CellsRenderTest::ports)
        .containsExactly(List.of(6432), List.of(8443), List.of(9000));
    // eu-west-2: networkPolicy.externalCIDRs by default; every host of a multi-host JDBC URL, https default 443
    assertThat(rulesTo(egress, "0.0.0.0/0")).extracting(CellsRenderTest::ports)
        .contains(List.of(5433, 5434), List.of(443))
        .filteredOn(p -> p.equals(List.of(443))).hasSize(2);
  }

  @Test
  void withoutCellsNothingChanges() {
    Map<String, EnvVar> env = Chart.render(Chart.withMasterKey()).apiEnv();
    assertThat(env.keySet()).noneMatch(n -> n.startsWith("CONSENTRY_CELLS_"));
  }

  @Test
  void aMalformedCellIsRefusedNamingWhatIsWrong() {
    Map<String, Object> badName = twoCells();
    badName.put("cells[1].name", "EU_West");
    assertThat(Chart.renderError(badName)).contains("cells.1.name").contains("pattern");

    Map<String, Object> reserved = twoCells();
    reserved.put("cells[1].name", "names");
    assertThat(Chart.renderError(reserved)).contains("cells").contains("name");

    Map<String, Object> noSecretRef = twoCells();
    noSecretRef.remove("cells[1].s3.secretKeySecretRef.name");
    noSecretRef.remove("cells[1].s3.secretKeySecretRef.key");
    assertThat(Chart.renderError(noSecretRef)).contains("cells").contains("secretKeySecretRef");

    Map<String, Object> refWithoutKey = twoCells();
    refWithoutKey.remove("cells[0].database.ownerPasswordSecretRef.key");
    assertThat(Chart.renderError(refWithoutKey)).contains("cells").contains("key");

    Map<String, Object> noJdbc = twoCells();
    noJdbc.put("cells[0].database.jdbcUrl", "postgres://pg-b/consentry");
    assertThat(Chart.renderError(noJdbc)).contains("cells").contains("jdbcUrl");

    Map<String, Object> negativeWeight = twoCells();
    negativeWeight.put("cells[0].weight", -1);
    assertThat(Chart.renderError(negativeWeight)).contains("cells").contains("weight");

    Map<String, Object> badCidr = twoCells();
    badCidr.put("cells[0].egressCIDRs[0]", "everywhere");
    assertThat(Chart.renderError(badCidr)).contains("cells").contains("egressCIDRs");
  }

  @Test
  void aCellNameIsUsedOnceAndNeverTheHomeCells() {
    Map<String, Object> twice = twoCells();
    twice.put("cells[1].name", "cell-b");
    assertThat(Chart.renderError(twice)).contains("cells").contains("'cell-b'").contains("twice");

    Map<String, Object> home = twoCells();
    home.put("api.cellName", "eu-west-2");
    assertThat(Chart.renderError(home)).contains("'eu-west-2'").contains("api.cellName");
  }

  /**
   * Dashes in cell names: SmallRye Config finds consentry.cells.&lt;name&gt;.&lt;key&gt; in the environment as the name
   * with every non-alphanumeric character replaced by '_', upper-cased. Different (cell, key) pairs must never share
   * that form, or one cell's setting would be read as another's: cell names are [a-z0-9-] and no key ends another key
   * after a dash, so they cannot.
   */
  @Test
  void noTwoCellSettingsShareAnEnvironmentName() throws IOException {
    Set<String> keys = cellKeys();
    for (String key : keys) {
      for (String other : keys) {
        assertThat(other.equals(key) || !other.endsWith("-" + key))
            .as("key %s ends with key %s: cell 'x-%s' would collide", other, key,
                other.substring(0, Math.max(0, other.length() - key.length() - 1)))
            .isTrue();
      }
    }
    assertThat(keys).doesNotContain("names");
  }

  private static Set<String> cellKeys() throws IOException {
    Matcher m = Pattern.compile("prefix \\+ \"([a-z0-9-]+)\"").matcher(Files.readString(CELLS_JAVA));
    Set<String> keys = new TreeSet<>();
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  private static void assertSecret(Map<String, EnvVar> env, String name, String secret, String key) {
    EnvVar e = env.get(name);
    assertThat(e).as(name).isNotNull();
    assertThat(e.getValue()).as("%s must not be a plain value", name).isNull();
    SecretKeySelector ref = e.getValueFrom().getSecretKeyRef();
    assertThat(ref.getName()).as(name).isEqualTo(secret);
    assertThat(ref.getKey()).as(name).isEqualTo(key);
  }

  private static NetworkPolicy apiPolicy(Chart.Rendered rendered) {
    return rendered.get(NetworkPolicy.class, Chart.FULLNAME + "-api");
  }

  private static List<NetworkPolicyEgressRule> rulesTo(List<NetworkPolicyEgressRule> egress, String cidr) {
    return egress.stream().filter(rule -> rule.getTo().stream().map(NetworkPolicyPeer::getIpBlock)
        .anyMatch(b -> b != null && b.getCidr().equals(cidr) && rule.getTo().size() == 1)).collect(Collectors.toList());
  }

  private static List<Integer> ports(NetworkPolicyEgressRule rule) {
    return rule.getPorts().stream().map(p -> p.getPort().getIntVal()).collect(Collectors.toList());
  }
}
