package io.consentry.cells;

import io.consentry.core.security.CallerTenant;
import io.consentry.testing.CellServers;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.TwoCells;
import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.profile.TenantProfile;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantKind;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantSlug;
import io.consentry.tenants.schema.TenantMigrations;
import io.consentry.tenants.schema.TenantSchemas;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's rows live in its cell's PostgreSQL: its schema is created, migrated and dropped there, and every read and
 * write of the tenant persistence unit goes there — while a tenant of the home cell is served from the home database
 * in the same api, request after request.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@TestProfile(TwoCells.class)
class CellDatabaseRoutingTest {

    @Inject
    Cells cells;
    @Inject
    TenantRegistry registry;
    @Inject
    TenantSchemas schemas;
    @Inject
    CallerTenant caller;
    @Inject
    EntityManager tenantData;

    @Test
    void aTenantOnCellBHasItsSchemaThereOnlyAndIsReadAndWrittenThere() {
        CellSettings b = cells.named(TwoCells.CELL_B).orElseThrow();
        Tenant onB = reserveWithSchema("cellb", b);
        Tenant onHome = reserveWithSchema("cellhome", cells.home());
        try {
            assertThat(CellServers.hasSchema(TwoCells.CELL_B, onB.dbSchema)).as("schema on cell B").isTrue();
            assertThat(CellServers.hasSchema(CellServers.home(), onB.dbSchema)).as("nothing on the home cell").isFalse();
            assertThat(CellServers.hasSchema(CellServers.home(), onHome.dbSchema)).isTrue();
            assertThat(CellServers.hasSchema(TwoCells.CELL_B, onHome.dbSchema)).isFalse();

            // Alternate between the two tenants: each answer comes from its own cell's server and schema.
            for (int round = 0; round < 3; round++) {
                assertThat(whereTenantDataIs(onB)).containsExactly(onB.dbSchema, portOf(b.jdbcUrl()));
                assertThat(whereTenantDataIs(onHome)).containsExactly(onHome.dbSchema, portOf(cells.home().jdbcUrl()));
            }
            assertThat(profileSlug(onB)).isEqualTo(onB.slug);
            assertThat(profileSlug(onHome)).isEqualTo(onHome.slug);

            // A write through the tenant persistence unit lands on B, as the runtime role.
            renameProfile(onB, "Renamed on B");
            assertThat(ownerReadsDisplayName(TwoCells.CELL_B, onB.dbSchema)).isEqualTo("Renamed on B");

            // Migrations run on the tenant's cell (nothing left to apply right after creation).
            assertThat(schemas.migrate(onB)).isZero();
        } finally {
            drop(onB);
            drop(onHome);
        }
        assertThat(CellServers.hasSchema(TwoCells.CELL_B, onB.dbSchema)).as("dropped on B").isFalse();
    }

    private Tenant reserveWithSchema(String prefix, CellSettings cell) {
        TenantSlug slug = new TenantSlug(Tenants.uniqueSlug(prefix));
        Tenant tenant = registry.reserve(slug, "Routing " + prefix, TenantKind.OTHER, cell.cell(), TenantRegistry.DEFAULT_BUCKET_PREFIX);
        schemas.create(tenant);
        registry.recordSchemaVersion(tenant.id, TenantMigrations.LATEST_VERSION);
        return registry.findBySlug(slug.value()).orElseThrow();
    }

    private void drop(Tenant tenant) {
        schemas.drop(tenant);
        registry.forget(tenant.id);
    }

    @ActivateRequestContext
    List<Object> whereTenantDataIs(Tenant tenant) {
        caller.assume(tenant);
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) tenantData.createNativeQuery("SELECT current_schema(), inet_server_port()").getSingleResult();
            return List.of(row[0], ((Number) row[1]).intValue());
        });
    }

    @ActivateRequestContext
    String profileSlug(Tenant tenant) {
        caller.assume(tenant);
        return QuarkusTransaction.requiringNew().call(() -> TenantProfile.current().slug);
    }

    @ActivateRequestContext
    void renameProfile(Tenant tenant, String name) {
        caller.assume(tenant);
        QuarkusTransaction.requiringNew().run(() -> TenantProfile.current().displayName = name);
    }

    private static String ownerReadsDisplayName(String cell, String schema) {
        try (var owner = CellServers.ownerConnection(cell);
             var query = owner.prepareStatement("SELECT display_name FROM \"" + schema + "\".tenant_profile")) {
            try (var row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int portOf(String jdbcUrl) {
        return URI.create(jdbcUrl.substring("jdbc:".length())).getPort();
    }
}
