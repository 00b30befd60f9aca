package io.consentry.tenants.provisioning;

public class TenantAlreadyExistsException extends RuntimeException {
    public TenantAlreadyExistsException(String slug) {
        super("A tenant with the slug '" + slug + "' already exists.");
    }
}
