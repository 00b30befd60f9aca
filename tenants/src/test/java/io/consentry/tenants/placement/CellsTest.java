package io.consentry.tenants.placement;

import io.consentry.tenants.registry.Cell;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CellsTest {

    private static Map<String, String> home() {
        Map<String, String> values = new HashMap<>();
        values.put("consentry.cell.name", "home");
        values.put("consentry.keycloak.url", "http://127.0.0.1:8180/");
        values.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/consentry?sslmode=disable");
        values.put("consentry.s3.endpoint", "http://127.0.0.1:9000");
        return values;
    }

    private static Map<String, String> withCellB(Map<String, String> values) {
        values.put("consentry.cells.names", "cell-b");
        values.put("consentry.cells.cell-b.keycloak-url", "http://127.0.0.1:8280");
        values.put("consentry.cells.cell-b.admin-client-secret", "kc-secret");
        values.put("consentry.cells.cell-b.jdbc-url", "jdbc:postgresql://127.0.0.1:5532/consentry");
        values.put("consentry.cells.cell-b.db-password", "runtime");
        values.put("consentry.cells.cell-b.db-owner-password", "owner");
        values.put("consentry.cells.cell-b.s3-endpoint", "http://127.0.0.1:9100");
        values.put("consentry.cells.cell-b.s3-access-key", "access");
        values.put("consentry.cells.cell-b.s3-secret-key", "secret");
        return values;
    }

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    @Test
    void theHomeCellComesFromTheApisOwnConfigurationAndRecordsNoCredentials() {
        Cells cells = new Cells(config(home()));
        assertThat(cells.all()).extracting(CellSettings::name).containsExactly("home");
        Cell recorded = cells.home().cell();
        assertThat(recorded.keycloakUrl()).isEqualTo("http://127.0.0.1:8180");
        assertThat(recorded.databaseUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/consentry");
        assertThat(cells.home().issuer("mall")).isEqualTo("http://127.0.0.1:8180/realms/mall");
    }

    @Test
    void furtherCellsAreListedByNameWithDefaultsAndTheirSecretsStayOutOfToString() {
        Cells cells = new Cells(config(withCellB(home())));
        assertThat(cells.all()).extracting(CellSettings::name).containsExactly("home", "cell-b");
        CellSettings b = cells.named("cell-b").orElseThrow();
        assertThat(b.issuerBaseUrl()).isEqualTo("http://127.0.0.1:8280");
        assertThat(b.runtimeUser()).isEqualTo("consentry_api");
        assertThat(b.ownerUser()).isEqualTo("consentry");
        assertThat(b.adminRealm()).isEqualTo("master");
        assertThat(b.weight()).isEqualTo(1);
        assertThat(b.toString()).doesNotContain("secret", "owner", "runtime", "access");
    }

    @Test
    void aListedCellWithoutItsSettingsOrWithABadNameStopsTheStart() {
        Map<String, String> missing = withCellB(home());
        missing.remove("consentry.cells.cell-b.db-owner-password");
        assertThatThrownBy(() -> new Cells(config(missing)))
                .hasMessageContaining("consentry.cells.cell-b.db-owner-password is required");

        Map<String, String> badName = home();
        badName.put("consentry.cells.names", "Cell_B");
        assertThatThrownBy(() -> new Cells(config(badName))).hasMessageContaining("'Cell_B' is not a cell name");

        Map<String, String> twice = withCellB(home());
        twice.put("consentry.cells.names", "cell-b,home");
        assertThatThrownBy(() -> new Cells(config(twice))).hasMessageContaining("listed twice or is the home cell");
    }

    @Test
    void newTenantsGoToTheCellWithTheFewestTenantsPerWeight() {
        CellSettings a = cell("a", 1);
        CellSettings b = cell("b", 2);
        CellSettings closed = cell("closed", 0);
        List<CellSettings> all = List.of(a, b, closed);

        assertThat(CellPlacement.leastLoaded(all, Map.of())).isEqualTo(a); // a tie goes to the first (home) cell
        assertThat(CellPlacement.leastLoaded(all, Map.of("a", 1L))).isEqualTo(b);
        assertThat(CellPlacement.leastLoaded(all, Map.of("a", 3L, "b", 5L))).isEqualTo(b); // 3/1 > 5/2
        assertThat(CellPlacement.leastLoaded(all, Map.of("a", 3L, "b", 6L))).isEqualTo(a); // tie at 3 per weight
        assertThat(CellPlacement.leastLoaded(all, Map.of("a", 100L, "b", 100L))).isNotEqualTo(closed);
        assertThat(CellPlacement.leastLoaded(List.of(closed), Map.of())).isEqualTo(closed);
    }

    private static CellSettings cell(String name, int weight) {
        return new CellSettings(name, "http://kc-" + name, "http://kc-" + name, "master", "consentry-api", "s",
                "jdbc:postgresql://pg-" + name + "/consentry", "consentry_api", "p", "consentry", "p",
                "http://s3-" + name, "us-east-1", "a", "s", weight);
    }
}
