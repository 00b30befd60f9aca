package io.consentry.core.security;

import io.consentry.tenants.registry.Tenant;

import java.time.Instant;

/**
 * Accounts of a tenant realm whose already-issued access tokens the api refuses (a disabled staff member). A contract
 * that points up: the staff feature implements it, the {@link TenantAccessFilter} asks it on every tenant user's
 * request, so it must answer from memory most of the time.
 */
public interface RevokedAccounts {

    /**
     * Whether a token of {@code subject} in {@code tenant}, issued at {@code issuedAt} by the Keycloak session
     * {@code sessionId} (null when the token names none), must be refused.
     */
    boolean refuses(Tenant tenant, String subject, Instant issuedAt, String sessionId);
}
