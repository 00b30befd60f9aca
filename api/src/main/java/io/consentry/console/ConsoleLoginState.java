package io.consentry.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.tenants.keyring.PlatformKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A console sign-in in progress, held by the browser that started it rather than by the server: an encrypted,
 * authenticated cookie (the platform's console key; bound to the tenant) carrying the OIDC state, the PKCE verifier and
 * the redirect URI. The callback accepts a code only together with the cookie whose state it names — a sign-in link
 * started in someone else's browser (login CSRF) has no such cookie — and nothing is stored on the server for a sign-in
 * that never completes, so unauthenticated calls to the login route cannot fill any memory or table.
 */
@ApplicationScoped
class ConsoleLoginState {

    static final Duration TTL = Duration.ofMinutes(10);

    /** What the cookie carries. */
    record Pending(String tenant, String state, String verifier, String redirectUri, Instant createdAt) {
    }

    private final PlatformKeys keys;
    private final ObjectMapper json;

    ConsoleLoginState(PlatformKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    static String cookieName(String tenant) {
        return "consentry_login_" + tenant.replace('-', '_');
    }

    String seal(Pending pending) {
        try {
            byte[] sealed = keys.consoleState().encrypt(json.writeValueAsBytes(pending), binding(pending.tenant()));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Could not seal the console sign-in state", e);
        }
    }

    /** The pending sign-in the cookie holds, if it is intact, for this tenant and state, and not older than the TTL. */
    Optional<Pending> open(String cookie, String tenant, String state) {
        if (cookie == null || state == null || cookie.length() > 4096) {
            return Optional.empty();
        }
        try {
            byte[] plain = keys.consoleState().decrypt(Base64.getUrlDecoder().decode(cookie), binding(tenant));
            Pending pending = json.readValue(plain, Pending.class);
            boolean fresh = pending.createdAt().plus(TTL).isAfter(Instant.now());
            return fresh && pending.tenant().equals(tenant) && java.security.MessageDigest.isEqual(
                    pending.state().getBytes(StandardCharsets.US_ASCII), state.getBytes(StandardCharsets.US_ASCII))
                    ? Optional.of(pending) : Optional.empty();
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] binding(String tenant) {
        return ("consentry/console-login/" + tenant).getBytes(StandardCharsets.UTF_8);
    }
}
