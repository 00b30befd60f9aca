package io.consentry.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.crypto.Sha256;
import io.consentry.core.http.PublicUrl;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The backend-for-frontend sign-in both browser apps share — a tenant's admin console (its realm) and the operators'
 * console (the platform realm): authorization-code flow with PKCE and the confidential {@code consentry-console}
 * client; the tokens stay on the server (in PostgreSQL, so any replica serves the session), the browser gets an
 * HttpOnly, SameSite=Strict cookie named after the {@link Target}'s key, Secure when the platform is reached over https.
 * The sign-in in progress lives in an encrypted cookie of the browser that started it ({@link ConsoleLoginState}).
 */
@ApplicationScoped
class ConsoleSignInFlow {

    private static final Logger LOG = Logger.getLogger(ConsoleSignInFlow.class);
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(90);

    /**
     * Where a console signs in.
     *
     * @param key    names the session and its cookies: the tenant's slug, or {@code platform} (a slug no tenant can have)
     * @param realm  the Keycloak realm
     * @param issuer the realm's public issuer (where the browser is sent)
     * @param path   the console's page, e.g. {@code /console/mall} or {@code /operator}
     * @param cell   the cell whose Keycloak holds the realm: the api exchanges codes and refreshes tokens there
     */
    record Target(String key, String realm, String issuer, String path, CellSettings cell) {
    }

    record SessionView(String tenant, String username, List<String> roles, Instant expiresAt) {
    }

    private final ConsoleSessions sessions;
    private final ConsoleLoginState loginState;
    private final ConsoleClientSecrets secrets;
    private final ObjectMapper json;
    private final PublicUrl publicUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ConsoleSignInFlow(ConsoleSessions sessions, ConsoleLoginState loginState, ConsoleClientSecrets secrets, ObjectMapper json,
                      PublicUrl publicUrl) {
        this.sessions = sessions;
        this.loginState = loginState;
        this.secrets = secrets;
        this.json = json;
        this.publicUrl = publicUrl;
    }

    Response login(Target target, UriInfo uri) {
        // The redirect URI comes from the configured public URL, never from this request's Host header (and Keycloak
        // accepts it only if the console client lists it).
        String redirect = publicUrl.baseFor(uri) + target.path() + "/callback";
        String verifier = ConsoleSessions.randomId() + ConsoleSessions.randomId();
        String state = ConsoleSessions.randomId();
        String sealed = loginState.seal(new ConsoleLoginState.Pending(target.key(), state, verifier, redirect, Instant.now()));
        String url = target.issuer() + "/protocol/openid-connect/auth?" + form(Map.of(
                "client_id", RealmRoles.CONSOLE_CLIENT,
                "response_type", "code",
                "scope", "openid",
                "redirect_uri", redirect,
                "state", state,
                "code_challenge", challenge(verifier),
                "code_challenge_method", "S256"));
        return Response.seeOther(URI.create(url)).header("Cache-Control", "no-store")
                .cookie(loginCookie(target, sealed, (int) ConsoleLoginState.TTL.toSeconds())).build();
    }

    Response callback(Target target, String code, String state, String error, UriInfo uri, HttpHeaders headers) {
        jakarta.ws.rs.core.Cookie started = headers.getCookies().get(ConsoleLoginState.cookieName(target.key()));
        // Only the browser that started this sign-in holds the cookie naming this state.
        ConsoleLoginState.Pending pending = loginState.open(started == null ? null : started.getValue(), target.key(), state)
                .orElseThrow(() -> new ApiException(ProblemCode.CONSOLE_LOGIN_STATE, "This sign-in was not started in this browser, or it expired; sign in again."));
        if (error != null || code == null) {
            throw new ApiException(ProblemCode.CONSOLE_LOGIN_FAILED, "The sign-in was not completed; sign in again.");
        }
        JsonNode tokens = tokenRequest(target, Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", pending.redirectUri(), "code_verifier", pending.verifier()));
        ConsoleSessions.Session session = new ConsoleSessions.Session(target.key());
        apply(session, tokens);
        String id = sessions.create(session);
        URI console = URI.create(publicUrl.baseFor(uri) + target.path());
        return Response.seeOther(console).cookie(cookie(target, id, -1), loginCookie(target, "", 0))
                .header("Cache-Control", "no-store").build();
    }

    SessionView session(Target target, String marker, HttpHeaders headers) {
        ConsoleSessions.Session s = current(target.key(), marker, headers);
        if (s.accessExpiresAt.minus(REFRESH_MARGIN).isBefore(Instant.now())) {
            try {
                apply(s, tokenRequest(target, Map.of("grant_type", "refresh_token", "refresh_token", s.refreshToken)));
            } catch (ApiException e) {
                throw notSignedIn();
            }
            sessions.update(headers.getCookies().get(ConsoleSessions.cookieName(target.key())).getValue(), s);
        }
        JsonNode claims = claims(s.accessToken);
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return new SessionView(target.key(), claims.path("preferred_username").asText(null), roles, s.accessExpiresAt);
    }

    /** Ends the server session; {@code target} resolves the realm only when there is a session to log out at Keycloak. */
    Response logout(String key, java.util.function.Supplier<Target> target, String marker, HttpHeaders headers) {
        if (marker == null) {
            throw notSignedIn();
        }
        jakarta.ws.rs.core.Cookie c = headers.getCookies().get(ConsoleSessions.cookieName(key));
        sessions.remove(c == null ? null : c.getValue(), key).ifPresent(s -> {
            try {
                post(target.get(), "/protocol/openid-connect/logout", Map.of("refresh_token", s.refreshToken));
            } catch (RuntimeException | IOException e) {
                LOG.debugf("Keycloak logout failed (session ends here anyway): %s", e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return Response.noContent().cookie(new NewCookie.Builder(ConsoleSessions.cookieName(key)).value("").path("/")
                .httpOnly(true).secure(publicUrl.secureCookies()).sameSite(NewCookie.SameSite.STRICT).maxAge(0).build()).build();
    }

    private ConsoleSessions.Session current(String key, String marker, HttpHeaders headers) {
        jakarta.ws.rs.core.Cookie c = headers.getCookies().get(ConsoleSessions.cookieName(key));
        if (marker == null || c == null) {
            throw notSignedIn();
        }
        return sessions.find(c.getValue(), key).orElseThrow(ConsoleSignInFlow::notSignedIn);
    }

    static ApiException notSignedIn() {
        return new ApiException(ProblemCode.CONSOLE_SIGNED_OUT, "Sign in to the console again.");
    }

    private void apply(ConsoleSessions.Session s, JsonNode tokens) {
        Instant now = Instant.now();
        s.accessToken = tokens.path("access_token").asText();
        s.refreshToken = tokens.path("refresh_token").asText(s.refreshToken);
        s.idToken = tokens.path("id_token").asText(s.idToken);
        s.accessExpiresAt = now.plusSeconds(tokens.path("expires_in").asLong(60));
        long refresh = tokens.path("refresh_expires_in").asLong(0);
        s.refreshExpiresAt = refresh > 0 ? now.plusSeconds(refresh) : null;
    }

    private JsonNode tokenRequest(Target target, Map<String, String> params) {
        try {
            HttpResponse<String> res = post(target, "/protocol/openid-connect/token", params);
            if (res.statusCode() == 401) {
                secrets.forget(target.cell(), target.realm()); // maybe a regenerated secret: read it again next time
            }
            if (res.statusCode() != 200) {
                throw new ApiException(ProblemCode.CONSOLE_LOGIN_FAILED, "The sign-in could not be completed; sign in again.");
            }
            return json.readTree(res.body());
        } catch (IOException e) {
            throw new ApiException(ProblemCode.IDENTITY_PROVIDER_UNAVAILABLE, "The identity provider did not answer; try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ProblemCode.IDENTITY_PROVIDER_UNAVAILABLE, "Interrupted.");
        }
    }

    private HttpResponse<String> post(Target target, String endpoint, Map<String, String> params) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("client_id", RealmRoles.CONSOLE_CLIENT);
        all.put("client_secret", secrets.secret(target.cell(), target.realm()));
        // How the api reaches the realm's Keycloak (may be internal); the browser is sent to the public issuer instead.
        String keycloakUrl = target.cell().keycloakUrl();
        String base = keycloakUrl.endsWith("/") ? keycloakUrl.substring(0, keycloakUrl.length() - 1) : keycloakUrl;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/realms/" + target.realm() + endpoint))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(all))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The token's claims, for display only: every api call verifies the token itself. */
    private JsonNode claims(String jwt) {
        try {
            String[] parts = jwt.split("\\.");
            return json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (RuntimeException | IOException e) {
            return json.createObjectNode();
        }
    }

    /** The session cookie: Secure when the platform is reached over https (the request behind the ingress says http). */
    private NewCookie cookie(Target target, String value, int maxAge) {
        return new NewCookie.Builder(ConsoleSessions.cookieName(target.key())).value(value).path("/")
                .httpOnly(true).secure(publicUrl.secureCookies())
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }

    /**
     * The sign-in state cookie: SameSite=Lax, since Keycloak's redirect back is a cross-site top-level navigation that a
     * Strict cookie would not come along with; limited to the callback's path and to the sign-in's lifetime.
     */
    private NewCookie loginCookie(Target target, String value, int maxAge) {
        return new NewCookie.Builder(ConsoleLoginState.cookieName(target.key())).value(value).path(target.path() + "/callback")
                .httpOnly(true).secure(publicUrl.secureCookies())
                .sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** PKCE S256: the verifier is base64url ASCII, so its UTF-8 bytes are its ASCII bytes. */
    private static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(verifier));
    }
}
