package io.consentry.core.persistence;

import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.schema.CellDatabases;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantConnectionResolver;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;

/**
 * Routes the tenant persistence unit to the tenant's cell: connections come from that cell's runtime pool and are set
 * to the tenant's schema. Replaces Quarkus' default resolver, which knows the api's one datasource only. Hibernate
 * keeps the provider per tenant identifier ({@link TenantDataAddress}), so this runs once per tenant and cell.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class CellConnectionResolver implements TenantConnectionResolver {

    private final Cells cells;
    private final CellDatabases databases;

    CellConnectionResolver(Cells cells, CellDatabases databases) {
        this.cells = cells;
        this.databases = databases;
    }

    @Override
    public ConnectionProvider resolve(String tenantIdentifier) {
        TenantDataAddress address = TenantDataAddress.parse(tenantIdentifier);
        var cell = cells.named(address.cell()).orElseThrow(() -> new IllegalStateException(
                "Tenant data on cell '" + address.cell() + "', which this api is not configured for"));
        return new SchemaConnections(databases.runtime(cell), address.schema());
    }
}
