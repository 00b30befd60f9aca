package io.consentry.tenants.registry;

public class TenantAlreadyExistsException extends RuntimeException {
    public TenantAlreadyExistsException(String slug) {
        super("A tenant with the slug '" + slug + "' already exists.");
    }
}
