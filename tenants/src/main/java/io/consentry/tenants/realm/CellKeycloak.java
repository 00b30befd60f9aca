package io.consentry.tenants.realm;

import jakarta.ws.rs.WebApplicationException;
import org.keycloak.admin.client.Keycloak;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The api's admin client of one cell's Keycloak. The api signs in with its own service account, which holds
 * {@code create-realm} only; Keycloak gives the creator of a realm that realm's management roles. The client is set up
 * for lightweight access tokens (the dev stack and the chart do it), so Keycloak resolves those roles when a token is
 * used and the token stays small however many realms exist. Should a client be set up with full tokens, a token
 * issued before a realm existed would not show that realm's roles: so after this replica creates a realm it fetches a
 * new token, and a call refused with 403 is retried once with a new token.
 */
public final class CellKeycloak {

    private final String cell;
    private final Keycloak keycloak;

    CellKeycloak(String cell, Keycloak keycloak) {
        this.cell = cell;
        this.keycloak = keycloak;
    }

    /** The cell whose Keycloak this is. */
    public String cell() {
        return cell;
    }

    public <T> T call(Function<Keycloak, T> call) {
        try {
            return call.apply(keycloak);
        } catch (WebApplicationException refused) {
            // The admin client reports a 403 as a WebApplicationException of that status (not always ForbiddenException).
            if (refused.getResponse() == null || refused.getResponse().getStatus() != 403) {
                throw refused;
            }
            refreshToken();
            return call.apply(keycloak);
        }
    }

    public void run(Consumer<Keycloak> call) {
        call(k -> {
            call.accept(k);
            return null;
        });
    }

    /** A new token, carrying the roles of realms created since the last one. */
    public void refreshToken() {
        keycloak.tokenManager().grantToken();
    }

    void close() {
        keycloak.close();
    }
}
