package io.consentry.core.security;

import io.consentry.core.problem.ApiException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a portal token into the subject's identity, checking it in the schema of the tenant the path names. */
@ApplicationScoped
public class PortalIdentityProvider implements IdentityProvider<PortalAuthenticationRequest> {

    private final PortalTokenCheck check;

    PortalIdentityProvider(PortalTokenCheck check) {
        this.check = check;
    }

    @Override
    public Class<PortalAuthenticationRequest> getRequestType() {
        return PortalAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(PortalAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            try {
                return check.identify(request.tenantSlug(), request.token());
            } catch (ApiException refused) {
                // The reason (invalid, revoked, expired, suspended tenant) reaches the client through the problem mapper.
                throw new AuthenticationFailedException(refused.getMessage(), refused);
            }
        });
    }
}
