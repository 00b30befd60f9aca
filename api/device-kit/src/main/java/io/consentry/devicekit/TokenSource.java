package io.consentry.devicekit;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * OAuth2 client credentials against the tenant realm's token endpoint. The token is cached and reused until shortly
 * before it expires ({@link AccessToken#usableAt}); {@link #invalidate} drops it (the client does so once on a 401,
 * e.g. after the realm's keys were rotated). One fetch at a time: concurrent callers wait for the same token.
 */
public final class TokenSource {

    private final HttpClient http;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final Duration margin;
    private final Duration timeout;
    private final Clock clock;

    private AccessToken cached;
    private Duration cachedLifetime = Duration.ZERO;

    public TokenSource(HttpClient http, URI tokenEndpoint, String clientId, String clientSecret, Duration margin,
                       Duration timeout, Clock clock) {
        this.http = http;
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.margin = margin;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The realm's token endpoint under a Keycloak base URL: {@code <keycloak>/realms/<tenant>/protocol/openid-connect/token}. */
    public static URI keycloakTokenEndpoint(URI keycloak, String tenant) {
        String base = keycloak.toString().replaceAll("/+$", "");
        return URI.create(base + "/realms/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "/protocol/openid-connect/token");
    }

    public synchronized String token() {
        Instant now = clock.instant();
        if (cached == null || !cached.usableAt(now, margin, cachedLifetime)) {
            fetch(now);
        }
        return cached.value();
    }

    public synchronized void invalidate() {
        cached = null;
    }

    private void fetch(Instant now) {
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret);
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeviceKitException.TransportFailure("The token endpoint " + tokenEndpoint + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceKitException.TransportFailure("Interrupted while fetching a token", e);
        }
        if (response.statusCode() != 200) {
            // Keycloak answers an OAuth2 error ({"error":"invalid_client",...}), not a problem document.
            String error = Json.text(Json.parseOrNull(response.body()), "error");
            throw new DeviceKitException.Unauthenticated(response.statusCode(), error == null ? "token_refused" : error,
                    "The token endpoint refused the device's credentials (" + response.statusCode()
                            + (error == null ? "" : ", " + error) + "): check the client id and secret, or whether the device was revoked.");
        }
        JsonNode body = Json.parseOrNull(response.body());
        String value = Json.text(body, "access_token");
        if (value == null) {
            throw new DeviceKitException.TransportFailure("The token endpoint answered without an access_token", null);
        }
        long expiresIn = body.path("expires_in").asLong(60);
        cached = AccessToken.issued(value, expiresIn, now);
        cachedLifetime = Duration.ofSeconds(expiresIn);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
