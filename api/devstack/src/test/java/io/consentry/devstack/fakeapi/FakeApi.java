package io.consentry.devstack.fakeapi;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for the api, so the run launcher can be tested end to end without it: reads its
 * configuration from the same environment variables, creates the platform realm at start-up (role
 * platform-operator, public client consentry-cli) and, on POST /api/v1/platform/tenants, the tenant
 * realm "demo" with role tenant-admin and the same client; GET and PUT /api/v1/tenants/demo/controller keep the
 * controller profile the demo seeding fills in (missing until a PUT). JDK only: it runs from a jar holding just this class.
 */
public final class FakeApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEYCLOAK = System.getenv("CONSENTRY_KEYCLOAK_URL");

    private FakeApi() {
    }

    public static void main(String[] args) throws Exception {
        createRealm("platform", "platform-operator");
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getenv("QUARKUS_HTTP_HOST"),
                Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 0);
        // Health lives on the management interface, as in the real api.
        HttpServer management = HttpServer.create(new InetSocketAddress(System.getenv("QUARKUS_MANAGEMENT_HOST"),
                Integer.parseInt(System.getenv("QUARKUS_MANAGEMENT_PORT"))), 0);
        management.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        management.start();
        server.createContext("/api/v1/platform/tenants", exchange -> {
            int status;
            try {
                status = createRealm("demo", "tenant-admin") == 201 ? 201 : 409;
            } catch (Exception e) {
                status = 500;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        java.util.concurrent.atomic.AtomicReference<String> controller = new java.util.concurrent.atomic.AtomicReference<>();
        server.createContext("/api/v1/tenants/demo/controller", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = new byte[0];
            int status;
            if (auth == null || !auth.startsWith("Bearer ")) {
                status = 401;
            } else if ("PUT".equals(exchange.getRequestMethod())) {
                controller.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                status = 200;
                body = "{\"missing\":[]}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = (controller.get() == null ? "{\"missing\":[\"address\"]}" : "{\"missing\":[]}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("fake api listening");
    }

    private static int createRealm(String realm, String role) throws Exception {
        int status = post("/admin/realms", "{\"realm\":\"" + realm + "\",\"enabled\":true}");
        if (status == 201) {
            post("/admin/realms/" + realm + "/roles", "{\"name\":\"" + role + "\"}");
            post("/admin/realms/" + realm + "/clients",
                    "{\"clientId\":\"consentry-cli\",\"publicClient\":true,\"directAccessGrantsEnabled\":true}");
        }
        return status;
    }

    private static int post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + path))
                        .header("Authorization", "Bearer " + adminToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String adminToken() throws IOException, InterruptedException {
        // The api's own service account (create-realm), as the real api signs in.
        String form = "grant_type=client_credentials&client_id="
                + URLEncoder.encode(System.getenv("CONSENTRY_KEYCLOAK_ADMIN_CLIENT_ID"), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(System.getenv("CONSENTRY_KEYCLOAK_ADMIN_CLIENT_SECRET"), StandardCharsets.UTF_8);
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int start = body.indexOf("\"access_token\":\"") + "\"access_token\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }
}
