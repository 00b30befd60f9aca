package io.consentry.core.security;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.tenants.realm.RealmRoles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tokens are accepted only when they were issued to one of the platform's own clients ({@code azp}): the console, the
 * command-line client, or a registered device's client. Every realm also has Keycloak's built-in clients (admin-cli,
 * account-console, …); a token obtained through one of them — e.g. admin-cli's password grant, which skips any sign-in
 * policy the console's browser flow enforces, such as a second factor — is refused, whatever roles it carries.
 */
@ApplicationScoped
public class PlatformClientsOnly implements SecurityIdentityAugmentor {

    static final Set<String> PLATFORM_CLIENTS = Set.of(RealmRoles.CONSOLE_CLIENT, RealmRoles.CLI_CLIENT);
    /** Device clients are named device-&lt;uuid&gt; by the api; whether one is a live device is checked per request. */
    static final Pattern DEVICE_CLIENT = Pattern.compile("device-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Object azp = token.getClaim("azp");
        if (azp instanceof String client && allowed(client)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().failure(new AuthenticationFailedException(new ApiException(ProblemCode.CLIENT_NOT_ALLOWED,
                "This token was issued to a client that is not one of the platform's; sign in through the console, the "
                        + "command-line client or a registered device.")));
    }

    static boolean allowed(String client) {
        return PLATFORM_CLIENTS.contains(client) || DEVICE_CLIENT.matcher(client).matches();
    }
}
