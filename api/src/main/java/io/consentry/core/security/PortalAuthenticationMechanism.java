package io.consentry.core.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Authorization: Portal <token>} scheme of the consent portal. It only speaks for portal routes
 * ({@code /portal/{tenant}/…}); the tenant is the one named by the path, and the token must exist in that tenant's
 * schema. Every other request is left to the OIDC bearer mechanism.
 */
@ApplicationScoped
public class PortalAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String SCHEME = "Portal";
    private static final Pattern PORTAL_ROUTE = Pattern.compile("^/portal/([^/]+)(/.*)?$");
    private static final int MAX_TOKEN_LENGTH = 200;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Matcher route = PORTAL_ROUTE.matcher(context.normalizedPath());
        String authorization = context.request().getHeader("Authorization");
        if (!route.matches() || authorization == null || authorization.length() > MAX_TOKEN_LENGTH
                || !authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        String token = authorization.substring(SCHEME.length() + 1).strip();
        return identityProviderManager.authenticate(new PortalAuthenticationRequest(route.group(1), token));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SCHEME));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(PortalAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME.toLowerCase()));
    }
}
