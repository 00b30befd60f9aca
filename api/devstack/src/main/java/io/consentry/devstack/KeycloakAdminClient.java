package io.consentry.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The few Keycloak admin REST calls the launcher and tests need, as the master realm's bootstrap
 * admin (admin-cli, password grant). Plain java.net.http, so no Keycloak client library version has
 * to match the server.
 */
public final class KeycloakAdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String adminUsername;
    private final String adminPassword;

    public KeycloakAdminClient(String baseUrl, String adminUsername, String adminPassword) {
        this.baseUrl = baseUrl;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
    }

    /** An access token from {@code realm}'s token endpoint by the resource-owner password grant. */
    public static String passwordGrantToken(String baseUrl, String realm, String clientId, String username,
                                            String password) {
        String form = formEncode(Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login of " + username + " to realm " + realm + " via " + clientId
                    + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return parse(response.body()).path("access_token").asText();
    }

    public String adminToken() {
        return passwordGrantToken(baseUrl, "master", "admin-cli", adminUsername, adminPassword);
    }

    public boolean realmExists(String realm) {
        return get("/admin/realms/" + realm).statusCode() == 200;
    }

    public boolean realmRoleExists(String realm, String role) {
        return get("/admin/realms/" + realm + "/roles/" + encodePath(role)).statusCode() == 200;
    }

    /**
     * Creates the user if missing, (re)sets its password and grants it the realm role. Idempotent:
     * running it again leaves one user with the given password and role.
     *
     * @return the user's id
     */
    public String ensureUserWithRealmRole(String realm, String username, String password, String realmRole) {
        String token = adminToken();
        String userId = findUserId(realm, username, token);
        if (userId == null) {
            // First and last name and a verified e-mail: Keycloak 24+ otherwise demands a profile
            // update at first login, which makes the password grant fail ("Account is not fully set up").
            Map<String, Object> user = Map.of(
                    "username", username, "enabled", true,
                    "firstName", capitalize(username), "lastName", capitalize(realm),
                    "email", username + "@" + realm + ".consentry.test", "emailVerified", true);
            HttpResponse<String> created = send(authorized(token, "/admin/realms/" + realm + "/users")
                    .POST(HttpRequest.BodyPublishers.ofString(write(user))).build());
            expect(created, 201, "create user " + username + " in realm " + realm);
            userId = findUserId(realm, username, token);
        }
        Map<String, Object> credential = Map.of("type", "password", "value", password, "temporary", false);
        expect(send(authorized(token, "/admin/realms/" + realm + "/users/" + userId + "/reset-password")
                        .PUT(HttpRequest.BodyPublishers.ofString(write(credential))).build()),
                204, "set the password of " + username + " in realm " + realm);

        HttpResponse<String> role = send(authorized(token, "/admin/realms/" + realm + "/roles/" + encodePath(realmRole))
                .GET().build());
        expect(role, 200, "read realm role " + realmRole + " of realm " + realm);
        expect(send(authorized(token, "/admin/realms/" + realm + "/users/" + userId + "/role-mappings/realm")
                        .POST(HttpRequest.BodyPublishers.ofString("[" + role.body() + "]")).build()),
                204, "grant role " + realmRole + " to " + username + " in realm " + realm);
        return userId;
    }

    private String findUserId(String realm, String username, String token) {
        HttpResponse<String> found = send(authorized(token, "/admin/realms/" + realm + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8)).GET().build());
        expect(found, 200, "look up user " + username + " in realm " + realm);
        JsonNode users = parse(found.body());
        return users.isArray() && users.size() > 0 ? users.get(0).path("id").asText() : null;
    }

    private HttpResponse<String> get(String path) {
        return send(authorized(adminToken(), path).GET().build());
    }

    private HttpRequest.Builder authorized(String token, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20));
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("Keycloak: could not " + what + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("no answer from " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + request.uri(), e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("unexpected answer from Keycloak: " + body, e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String formEncode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String encodePath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String capitalize(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
