package io.consentry.core.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A portal token presented on a route of tenant {@code tenantSlug}. */
final class PortalAuthenticationRequest extends BaseAuthenticationRequest {

    private final String tenantSlug;
    private final String token;

    PortalAuthenticationRequest(String tenantSlug, String token) {
        this.tenantSlug = tenantSlug;
        this.token = token;
    }

    String tenantSlug() {
        return tenantSlug;
    }

    String token() {
        return token;
    }
}
