package io.consentry.architecture;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** No feature names another feature's tables in SQL or JPQL: it asks the owner's facade instead. */
class TableOwnershipTest {

    @Test
    void everyQueryNamesOnlyItsOwnFeaturesTables() {
        TableOwnership ownership = TableOwnership.of(Path.of("src/main/java"));
        assertThat(ownership.tablesKnown()).as("tables with a known owner").isGreaterThanOrEqualTo(15);
        assertThat(ownership.violations()).isEmpty();
    }

    @Test
    void aQueryOfAnotherFeaturesTableIsCaught() {
        TableOwnership ownership = new TableOwnership();
        ownership.add(Path.of("Owner.java"), """
                package io.example.consent;
                @Entity
                @Table(name = "consent_event")
                class ConsentEvent {}
                """);
        ownership.add(Path.of("Reader.java"), """
                package io.example.dashboard;
                class Reader {
                    String sql = "SELECT count(*) FROM consent_event e JOIN other_table o ON true";
                    String jpql = "select e from ConsentEvent e";
                    String prose = "Nothing to see in consent_event here";
                }
                """);
        assertThat(ownership.violations()).extracting(TableOwnership.Violation::table)
                .containsExactlyInAnyOrder("consent_event", "ConsentEvent");
    }
}
