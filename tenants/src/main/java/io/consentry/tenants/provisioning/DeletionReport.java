package io.consentry.tenants.provisioning;

/** What a tenant deletion removed; false/-1 means the resource was already gone. */
public record DeletionReport(String slug, boolean keysetDestroyed, boolean schemaDropped, boolean bucketRemoved,
                             int objectsRemoved, boolean realmRemoved) {
}
