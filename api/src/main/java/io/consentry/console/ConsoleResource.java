package io.consentry.console;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.core.problem.ProblemCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.crypto.Sha256;
import io.consentry.core.problem.ApiException;
import io.consentry.tenants.realm.RealmRoles;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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
 * Backend-for-frontend sign-in for the admin console of one tenant: authorization-code flow with PKCE against the
 * tenant's realm with the confidential {@code consentry-console} client; the tokens stay on the server (in
 * PostgreSQL, so any replica serves the session), the browser gets an HttpOnly, SameSite=Strict cookie named per
 * tenant, Secure when the platform is reached over https. The sign-in in progress lives in an encrypted cookie of the
 * browser that started it ({@link ConsoleLoginState}). See {@link ConsoleSessionFilter} for how API calls use it.
 */
@Path("/console/{tenant}")
@Tag(name = "Console session")
public class ConsoleResource {

    private static final Logger LOG = Logger.getLogger(ConsoleResource.class);
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(90);

    private final TenantRegistry registry;
    private final ConsoleSessions sessions;
    private final ConsoleLoginState loginState;
    private final ConsoleClientSecrets secrets;
    private final ObjectMapper json;
    private final io.consentry.core.http.PublicUrl publicUrl;

    /** How the api reaches Keycloak (may be internal); the browser is sent to the public issuer instead. */
    private final String keycloakUrl;

    ConsoleResource(TenantRegistry registry, ConsoleSessions sessions, ConsoleLoginState loginState, ConsoleClientSecrets secrets,
                    ObjectMapper json, io.consentry.core.http.PublicUrl publicUrl,
                    @ConfigProperty(name = "consentry.keycloak.url") String keycloakUrl) {
        this.registry = registry;
        this.sessions = sessions;
        this.loginState = loginState;
        this.secrets = secrets;
        this.json = json;
        this.publicUrl = publicUrl;
        this.keycloakUrl = keycloakUrl;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public record SessionView(String tenant, String username, List<String> roles, Instant expiresAt) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@PathParam("tenant") String slug) {
        return ConsolePages.page("console.html");
    }

    @GET
    @Path("login")
    @Operation(summary = "Start the console sign-in: redirects to the tenant realm's login page")
    public Response login(@PathParam("tenant") String slug, @Context UriInfo uri) {
        Tenant tenant = tenant(slug);
        // The redirect URI comes from the configured public URL, never from this request's Host header (and Keycloak
        // accepts it only if the console client lists it).
        String redirect = publicUrl.baseFor(uri) + "/console/" + slug + "/callback";
        String verifier = ConsoleSessions.randomId() + ConsoleSessions.randomId();
        String state = ConsoleSessions.randomId();
        String sealed = loginState.seal(new ConsoleLoginState.Pending(slug, state, verifier, redirect, Instant.now()));
        String url = tenant.issuer() + "/protocol/openid-connect/auth?" + form(Map.of(
                "client_id", RealmRoles.CONSOLE_CLIENT,
                "response_type", "code",
                "scope", "openid",
                "redirect_uri", redirect,
                "state", state,
                "code_challenge", challenge(verifier),
                "code_challenge_method", "S256"));
        return Response.seeOther(URI.create(url)).header("Cache-Control", "no-store")
                .cookie(loginCookie(slug, sealed, (int) ConsoleLoginState.TTL.toSeconds())).build();
    }

    @GET
    @Path("callback")
    @Operation(summary = "Keycloak returns here; the code is exchanged on the server and a session cookie is set")
    public Response callback(@PathParam("tenant") String slug, @QueryParam("code") String code,
                             @QueryParam("state") String state, @QueryParam("error") String error, @Context UriInfo uri,
                             @Context jakarta.ws.rs.core.HttpHeaders headers) {
        Tenant tenant = tenant(slug);
        jakarta.ws.rs.core.Cookie started = headers.getCookies().get(ConsoleLoginState.cookieName(slug));
        // Only the browser that started this sign-in holds the cookie naming this state.
        ConsoleLoginState.Pending pending = loginState.open(started == null ? null : started.getValue(), slug, state)
                .orElseThrow(() -> new ApiException(ProblemCode.CONSOLE_LOGIN_STATE, "This sign-in was not started in this browser, or it expired; sign in again."));
        if (error != null || code == null) {
            throw new ApiException(ProblemCode.CONSOLE_LOGIN_FAILED, "The sign-in was not completed; sign in again.");
        }
        JsonNode tokens = tokenRequest(tenant, Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", pending.redirectUri(), "code_verifier", pending.verifier()));
        ConsoleSessions.Session session = new ConsoleSessions.Session(slug);
        apply(session, tokens);
        String id = sessions.create(session);
        URI console = URI.create(publicUrl.baseFor(uri) + "/console/" + slug);
        return Response.seeOther(console).cookie(cookie(slug, id, -1), loginCookie(slug, "", 0))
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("session")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who is signed in to this tenant's console (refreshes the server-held token when due)")
    public SessionView session(@PathParam("tenant") String slug, @HeaderParam(ConsoleSessionFilter.MARKER) String marker,
                               @Context jakarta.ws.rs.core.HttpHeaders headers) {
        ConsoleSessions.Session s = current(slug, marker, headers);
        if (s.accessExpiresAt.minus(REFRESH_MARGIN).isBefore(Instant.now())) {
            try {
                apply(s, tokenRequest(tenant(slug), Map.of("grant_type", "refresh_token", "refresh_token", s.refreshToken)));
            } catch (ApiException e) {
                throw notSignedIn();
            }
            sessions.update(headers.getCookies().get(ConsoleSessions.cookieName(slug)).getValue(), s);
        }
        JsonNode claims = claims(s.accessToken);
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return new SessionView(slug, claims.path("preferred_username").asText(null), roles, s.accessExpiresAt);
    }

    @POST
    @Path("logout")
    @Operation(summary = "Sign out: the server session ends and the Keycloak session is logged out")
    @APIResponse(responseCode = "204", description = "Signed out")
    public Response logout(@PathParam("tenant") String slug, @HeaderParam(ConsoleSessionFilter.MARKER) String marker,
                           @Context jakarta.ws.rs.core.HttpHeaders headers, @Context UriInfo uri) {
        if (marker == null) {
            throw notSignedIn();
        }
        if (io.consentry.tenants.registry.TenantSlug.problemWith(slug) != null) {
            // Not a tenant's name: no cookie can be named after it (a control character in a cookie name used to be a 500).
            throw new ApiException(ProblemCode.UNKNOWN_TENANT, "There is no such tenant.");
        }
        jakarta.ws.rs.core.Cookie c = headers.getCookies().get(ConsoleSessions.cookieName(slug));
        sessions.remove(c == null ? null : c.getValue(), slug).ifPresent(s -> {
            try {
                Tenant tenant = tenant(slug);
                post(tenant, "/protocol/openid-connect/logout", Map.of("refresh_token", s.refreshToken));
            } catch (RuntimeException | IOException e) {
                LOG.debugf("Keycloak logout failed (session ends here anyway): %s", e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return Response.noContent().cookie(cookie(slug, "", 0)).build();
    }

    private ConsoleSessions.Session current(String slug, String marker, jakarta.ws.rs.core.HttpHeaders headers) {
        jakarta.ws.rs.core.Cookie c = headers.getCookies().get(ConsoleSessions.cookieName(slug));
        if (marker == null || c == null) {
            throw notSignedIn();
        }
        return sessions.find(c.getValue(), slug).orElseThrow(ConsoleResource::notSignedIn);
    }

    private static ApiException notSignedIn() {
        return new ApiException(ProblemCode.CONSOLE_SIGNED_OUT, "Sign in to the console again.");
    }

    private Tenant tenant(String slug) {
        Tenant t = registry.findBySlug(slug).orElseThrow(() -> new ApiException(ProblemCode.UNKNOWN_TENANT, "There is no such tenant."));
        if (t.status != TenantStatus.ACTIVE) {
            throw new ApiException(ProblemCode.TENANT_NOT_ACTIVE, "This tenant is not active.");
        }
        return t;
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

    private JsonNode tokenRequest(Tenant tenant, Map<String, String> params) {
        try {
            HttpResponse<String> res = post(tenant, "/protocol/openid-connect/token", params);
            if (res.statusCode() == 401) {
                secrets.forget(tenant.realm); // maybe a regenerated secret: read it again next time
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

    private HttpResponse<String> post(Tenant tenant, String endpoint, Map<String, String> params) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("client_id", RealmRoles.CONSOLE_CLIENT);
        all.put("client_secret", secrets.secret(tenant.realm));
        String base = keycloakUrl.endsWith("/") ? keycloakUrl.substring(0, keycloakUrl.length() - 1) : keycloakUrl;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/realms/" + tenant.realm + endpoint))
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
    private NewCookie cookie(String slug, String value, int maxAge) {
        return new NewCookie.Builder(ConsoleSessions.cookieName(slug)).value(value).path("/")
                .httpOnly(true).secure(publicUrl.secureCookies())
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }

    /**
     * The sign-in state cookie: SameSite=Lax, since Keycloak's redirect back is a cross-site top-level navigation that a
     * Strict cookie would not come along with; limited to the callback's path and to the sign-in's lifetime.
     */
    private NewCookie loginCookie(String slug, String value, int maxAge) {
        return new NewCookie.Builder(ConsoleLoginState.cookieName(slug)).value(value).path("/console/" + slug + "/callback")
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
