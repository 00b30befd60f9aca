package io.consentry.tenants;

import io.consentry.tenants.schema.TenantMigrations;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TenantMigrationsTest {

    @Test
    void listsEveryScriptOfTheFolderInVersionOrder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/tenant"))) {
            assertThat(TenantMigrations.SCRIPTS)
                    .containsExactlyInAnyOrderElementsOf(files.map(p -> p.getFileName().toString()).toList());
        }
        assertThat(TenantMigrations.SCRIPTS).isSortedAccordingTo(
                (a, b) -> Integer.compare(version(a), version(b)));
    }

    @Test
    void servesTheScriptsToFlyway() throws IOException {
        var resources = new TenantMigrations().getResources("V", ".sql");
        assertThat(resources).hasSize(TenantMigrations.SCRIPTS.size());
        try (var reader = new java.io.BufferedReader(new TenantMigrations().getResource("V1__tenant_profile.sql").read())) {
            assertThat(reader.lines()).anyMatch(line -> line.contains("CREATE TABLE tenant_profile"));
        }
        assertThat(new TenantMigrations().getResource("V999__nope.sql")).isNull();
    }

    private static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }
}
