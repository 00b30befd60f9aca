package io.consentry.console;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backend-for-frontend edge: a console call to {@code /api/v1/tenants/{t}/…} that carries the tenant's console
 * session cookie (and the console marker header, so a cross-site form cannot use the cookie) gets the session's
 * access token as its bearer token. Everything after this — issuer-based tenant resolution, signature checks,
 * {@code TenantAccessFilter}, roles — runs exactly as for any bearer call; the browser never sees the token.
 * A call of the operators' console to {@code /api/v1/platform/…} is served the same way by its session (key
 * {@code platform}, which no tenant can be named). A request that already has an Authorization header is left alone.
 */
@ApplicationScoped
public class ConsoleSessionFilter {

    static final String MARKER = "X-Consentry-Console";
    private static final Pattern TENANT_ROUTE = Pattern.compile("^/api/v1/tenants/([a-z0-9][a-z0-9-]*)(/.*)?$");
    /** The operators' console: its session (keyed {@code platform}) serves the platform routes. */
    private static final String PLATFORM_ROUTES = "/api/v1/platform/";

    private final ConsoleSessions sessions;

    ConsoleSessionFilter(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            HttpServerRequest request = rc.request();
            if (request.getHeader("Authorization") == null && request.getHeader(MARKER) != null) {
                Matcher m = TENANT_ROUTE.matcher(request.path());
                String key = m.matches() ? m.group(1)
                        : request.path().startsWith(PLATFORM_ROUTES) ? OperatorConsoleResource.KEY : null;
                Cookie cookie = key != null ? request.getCookie(ConsoleSessions.cookieName(key)) : null;
                if (cookie != null) {
                    String tenant = key;
                    String id = cookie.getValue();
                    // The session is in PostgreSQL: look it up off the event loop, then carry on where we were.
                    rc.vertx().<java.util.Optional<ConsoleSessions.Session>>executeBlocking(() -> sessions.find(id, tenant), false)
                            .onComplete(found -> {
                                if (found.succeeded()) {
                                    found.result().filter(s -> s.accessExpiresAt.isAfter(Instant.now()))
                                            .ifPresent(s -> request.headers().set("Authorization", "Bearer " + s.accessToken));
                                }
                                rc.next(); // without a session the request goes on unauthenticated and is refused as such
                            });
                    return;
                }
            }
            rc.next();
        }, 500);
    }
}
