package io.consentry.cells;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.testing.CellServers;
import io.consentry.testing.RealServers;
import io.consentry.testing.TwoCells;
import io.minio.ListBucketsArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The test infrastructure of two cells: the api knows both, and each cell's servers are up and its own. */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@TestProfile(TwoCells.class)
class TwoCellsServersTest {

    @Inject
    Cells cells;

    @Test
    void theApiIsConfiguredForBothCells() {
        assertThat(cells.all()).extracting(CellSettings::name).containsExactly(CellServers.home(), TwoCells.CELL_B);
        CellSettings b = cells.named(TwoCells.CELL_B).orElseThrow();
        assertThat(b.keycloakUrl()).isNotEqualTo(cells.home().keycloakUrl());
        assertThat(b.jdbcUrl()).isNotEqualTo(cells.home().jdbcUrl());
        assertThat(b.s3Endpoint()).isNotEqualTo(cells.home().s3Endpoint());
        assertThat(b.runtimeUser()).isEqualTo(cells.home().runtimeUser());
        assertThat(b.ownerUser()).isEqualTo(cells.home().ownerUser());
    }

    @Test
    void eachCellHasItsOwnPostgresqlWithTheSameRoles() throws Exception {
        Set<String> clusters = new HashSet<>();
        for (String cell : CellServers.names()) {
            try (Connection owner = CellServers.ownerConnection(cell); Statement query = owner.createStatement()) {
                try (ResultSet row = query.executeQuery("SELECT system_identifier FROM pg_control_system()")) {
                    row.next();
                    clusters.add(row.getString(1));
                }
                try (ResultSet row = query.executeQuery("SELECT current_database(), current_user, "
                        + "(SELECT count(*) FROM pg_roles WHERE rolname = 'consentry_api')")) {
                    row.next();
                    assertThat(row.getString(1)).as("database of " + cell).isEqualTo("consentry");
                    assertThat(row.getString(2)).as("owner of " + cell).isEqualTo("consentry");
                    assertThat(row.getInt(3)).as("runtime role on " + cell).isEqualTo(1);
                }
            }
        }
        assertThat(clusters).as("two distinct PostgreSQL clusters").hasSize(2);
    }

    @Test
    void eachCellHasItsOwnKeycloakWithTheApisServiceAccount() {
        Set<String> realmIds = new HashSet<>();
        for (String cell : CellServers.names()) {
            var admin = CellServers.keycloakAdmin(cell);
            realmIds.add(admin.realm("master").toRepresentation().getId());
            assertThat(admin.realm("master").clients().findByClientId("consentry-api")).as("api client on " + cell).hasSize(1);
        }
        // Both master realms are called master; their ids are generated per server.
        assertThat(realmIds).hasSize(2);
    }

    @Test
    void eachCellHasItsOwnS3() throws Exception {
        String marker = "cells-probe-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        CellServers.s3(TwoCells.CELL_B).makeBucket(io.minio.MakeBucketArgs.builder().bucket(marker).build());
        assertThat(CellServers.hasBucket(TwoCells.CELL_B, marker)).isTrue();
        assertThat(CellServers.hasBucket(CellServers.home(), marker)).isFalse();
        assertThat(CellServers.s3(CellServers.home()).listBuckets(ListBucketsArgs.builder().build())).isNotNull();
        CellServers.s3(TwoCells.CELL_B).removeBucket(io.minio.RemoveBucketArgs.builder().bucket(marker).build());
    }
}
