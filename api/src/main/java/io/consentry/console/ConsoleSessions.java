package io.consentry.console;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side console sessions (backend-for-frontend): the browser holds only a random session id in an HttpOnly
 * cookie; the realm tokens stay here. Kept in memory: a restart or another replica means signing in again
 * (sticky sessions, or a shared store, are needed before running several replicas with the console).
 */
@ApplicationScoped
public class ConsoleSessions {

    /** A sign-in in progress: the PKCE verifier and where it was started, valid for a few minutes. */
    record Pending(String tenant, String verifier, String redirectUri, Instant createdAt) {
    }

    static final class Session {
        final String tenant;
        volatile String accessToken;
        volatile String refreshToken;
        volatile String idToken;
        volatile Instant accessExpiresAt;
        volatile Instant refreshExpiresAt;

        Session(String tenant) {
            this.tenant = tenant;
        }
    }

    static final Duration PENDING_TTL = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    static String randomId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String begin(Pending p) {
        purge();
        String state = randomId();
        pending.put(state, p);
        return state;
    }

    /** Single use: a state value is consumed by the first callback that presents it. */
    Optional<Pending> complete(String state) {
        if (state == null) {
            return Optional.empty();
        }
        Pending p = pending.remove(state);
        return p == null || p.createdAt().plus(PENDING_TTL).isBefore(Instant.now()) ? Optional.empty() : Optional.of(p);
    }

    String create(Session session) {
        purge();
        String id = randomId();
        sessions.put(id, session);
        return id;
    }

    /** The session of this id, only if it belongs to the tenant asked for and can still be refreshed. */
    Optional<Session> find(String id, String tenant) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null || !s.tenant.equals(tenant)) {
            return Optional.empty();
        }
        if (s.refreshExpiresAt != null && s.refreshExpiresAt.isBefore(Instant.now())
                && s.accessExpiresAt.isBefore(Instant.now())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    Optional<Session> remove(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.remove(id));
    }

    private void purge() {
        Instant now = Instant.now();
        pending.values().removeIf(p -> p.createdAt().plus(PENDING_TTL).isBefore(now));
        sessions.values().removeIf(s -> s.accessExpiresAt.isBefore(now)
                && (s.refreshExpiresAt == null || s.refreshExpiresAt.isBefore(now)));
    }

    static String cookieName(String tenant) {
        return "consentry_console_" + tenant.replace('-', '_');
    }
}
