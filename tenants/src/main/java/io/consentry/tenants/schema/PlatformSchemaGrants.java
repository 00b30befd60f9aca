package io.consentry.tenants.schema;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Quarkus' Flyway has migrated the platform schema as the owner role before start-up events fire; before anything
 * reads the tenant registry as the runtime role, the owner grants that role its rows (history tables insert-only).
 */
@ApplicationScoped
public class PlatformSchemaGrants {

    public static final String PLATFORM_SCHEMA = "platform";
    /** Before every other start-up observer: they read the registry as the runtime role. */
    static final int FIRST = 10;

    private final TenantSchemas schemas;

    PlatformSchemaGrants(TenantSchemas schemas) {
        this.schemas = schemas;
    }

    void onStart(@Observes @Priority(FIRST) StartupEvent event) {
        schemas.grantRuntimeRole(PLATFORM_SCHEMA, RuntimeGrants.PLATFORM_HISTORY);
    }
}
