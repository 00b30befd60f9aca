package io.consentry.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The api's own Keycloak administration account: a confidential client of the master realm whose service account
 * holds the master realm role {@code create-realm} and nothing else of the master realm. Keycloak gives the creator
 * of a realm that realm's management roles, so the api administers exactly the realms it created (the platform
 * realm and one per tenant) and cannot touch the master realm, its users or anyone else's realm.
 *
 * <p>Set up with the bootstrap admin, which stays with the operator (here: the run command and the tests); the api
 * never sees it. Idempotent: run on every start. Realms created before the api had this account (an older state
 * directory) are handed to it explicitly, as if it had created them.
 */
public final class ApiServiceAccount {

    /** Client id of the api's account in the master realm. */
    public static final String CLIENT_ID = "consentry-api";
    static final String LIGHTWEIGHT_TOKENS = "client.use.lightweight.access.token.enabled";
    /** The one master-realm role it holds. */
    static final String CREATE_REALM = "create-realm";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final KeycloakAdminClient admin;

    public ApiServiceAccount(String baseUrl, KeycloakAdminClient admin) {
        this.baseUrl = baseUrl;
        this.admin = admin;
    }

    /** Creates (or re-keys) the client, grants create-realm, and hands every existing non-master realm to it. */
    public void ensure(String secret) {
        String token = admin.adminToken();
        String clientUuid = ensureClient(token, secret);
        String userId = field(expect(call(token, "GET", "/admin/realms/master/clients/" + clientUuid + "/service-account-user", null),
                200, "read the service account of " + CLIENT_ID), "id");
        JsonNode role = parse(expect(call(token, "GET", "/admin/realms/master/roles/" + CREATE_REALM, null), 200,
                "read the master realm role " + CREATE_REALM).body());
        expect(call(token, "POST", "/admin/realms/master/users/" + userId + "/role-mappings/realm", List.of(role)), 204,
                "grant " + CREATE_REALM + " to " + CLIENT_ID);
        for (String realm : realms(token)) {
            if (!realm.equals("master")) {
                grantRealm(token, userId, realm);
            }
        }
    }

    private String ensureClient(String token, String secret) {
        Map<String, Object> client = Map.ofEntries(
                Map.entry("clientId", CLIENT_ID),
                Map.entry("name", "Consentry api (realm administration)"),
                Map.entry("enabled", true),
                Map.entry("publicClient", false),
                Map.entry("clientAuthenticatorType", "client-secret"),
                Map.entry("secret", secret),
                Map.entry("serviceAccountsEnabled", true),
                Map.entry("standardFlowEnabled", false),
                Map.entry("implicitFlowEnabled", false),
                Map.entry("directAccessGrantsEnabled", false),
                // Lightweight tokens carry no roles: Keycloak resolves them when the token is used. Otherwise the token
                // would list the management roles of every realm the api created — kilobytes more per tenant, past any
                // header limit at a few dozen tenants — and a token issued before a realm existed would not show it.
                Map.entry("attributes", Map.of(LIGHTWEIGHT_TOKENS, "true")));
        String existing = clientUuid(token, "master", CLIENT_ID);
        if (existing == null) {
            expect(call(token, "POST", "/admin/realms/master/clients", client), 201, "create client " + CLIENT_ID);
            return clientUuid(token, "master", CLIENT_ID);
        }
        expect(call(token, "PUT", "/admin/realms/master/clients/" + existing, client), 204, "update client " + CLIENT_ID);
        return existing;
    }

    /** The management roles of {@code realm} (master client {@code <realm>-realm}), as Keycloak gives a realm's creator. */
    private void grantRealm(String token, String userId, String realm) {
        String managementClient = clientUuid(token, "master", realm + "-realm");
        if (managementClient == null) {
            return;
        }
        String roles = expect(call(token, "GET", "/admin/realms/master/clients/" + managementClient + "/roles", null), 200,
                "read the management roles of realm " + realm).body();
        expect(call(token, "POST", "/admin/realms/master/users/" + userId + "/role-mappings/clients/" + managementClient,
                parse(roles)), 204, "hand realm " + realm + " to " + CLIENT_ID);
    }

    private List<String> realms(String token) {
        JsonNode realms = parse(expect(call(token, "GET", "/admin/realms?briefRepresentation=true", null), 200, "list realms").body());
        List<String> names = new ArrayList<>();
        realms.forEach(realm -> names.add(realm.path("realm").asText()));
        return names;
    }

    private String clientUuid(String token, String realm, String clientId) {
        JsonNode found = parse(expect(call(token, "GET", "/admin/realms/" + realm + "/clients?clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8), null), 200, "look up client " + clientId).body());
        return found.isArray() && found.size() > 0 ? found.get(0).path("id").asText() : null;
    }

    private HttpResponse<String> call(String token, String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(write(body)));
        return KeycloakAdminClient.send(request.build());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("Keycloak: could not " + what + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    private static String field(HttpResponse<String> response, String name) {
        return parse(response.body()).path(name).asText();
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
}
