package io.consentry.core.http;

import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defects of the hostile-input sweep, each as a request: every one gets its 4xx problem document (never a 500,
 * never a bare status) and changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class RequestHygieneTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static String operator;
    private static Tenants.WithAdmin tenant;

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void tenantWithAdmin() {
        if (operator == null) {
            operator = Users.tokenFor(keycloak, "platform", "platform-operator");
            tenant = Tenants.createWithAdmin(keycloak, "hygiene", "COMPOUND");
        }
    }

    @Test
    void aNulCharacterAnywhereIsRefusedAsInvalidCharacter() throws Exception {
        problem(raw("GET", "/portal/%00/receipt-key", null, null), 400, "invalid_character");
        problem(raw("GET", tenantPath("/subjects?q=a%00b"), tenant.admin(), null), 400, "invalid_character");
        problem(raw("GET", "/api/v1/tenants/" + tenant.slug() + "%00/me", tenant.admin(), null), 400, "invalid_character");
        problem(json(tenant.admin(), "{\"name\":\"gate\\u0000\",\"timeZone\":\"Asia/Shanghai\"}").post(tenantPath("/sites")), 400, "invalid_character");
        problem(given().contentType(ContentType.JSON).body("{\"invitation\":\"a\\u0000\"}").post("/portal/" + tenant.slug() + "/session"),
                400, "invalid_character");
    }

    @Test
    void dotSegmentsThatWouldReachOneRouteThroughAnotherAreRefused() throws Exception {
        problem(raw("GET", "/api/v1/platform/tenants/%2e%2e/model-migration", operator, null), 400, "bad_request");
        problem(raw("GET", tenantPath("/sites/..") , tenant.admin(), null), 400, "bad_request");
    }

    @Test
    void aTimeZoneIsARegionNotAnOffset() {
        problem(given().auth().oauth2(tenant.admin()).get(tenantPath("/dashboard?tz=-1")), 400, "invalid_time_zone");
        given().auth().oauth2(tenant.admin()).get(tenantPath("/dashboard?tz=Asia/Shanghai")).then().statusCode(200);
    }

    @Test
    void signingOutOfATenantWhoseNameCouldNotBeACookieIsAProblemNotA500() {
        problem(given().header("X-Consentry-Console", "1").urlEncodingEnabled(false).post("/console/%01%02%1B/logout"), 404, "unknown_tenant");
    }

    @Test
    void typesAreStrict() {
        // a number is not a string: the tenant must not be provisioned as "4242424242"
        problem(json(operator, "{\"slug\":4242424242,\"displayName\":\"Numbers\",\"kind\":\"MALL\"}").post("/api/v1/platform/tenants"),
                400, "invalid_value");
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/4242424242").then().statusCode(404);
        // a number is not an enum constant
        problem(json(operator, "{\"slug\":\"kind-zero\",\"displayName\":\"Kind zero\",\"kind\":0}").post("/api/v1/platform/tenants"),
                400, "invalid_value");
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/kind-zero").then().statusCode(404);
        // a string is not a number, a number is not a boolean
        problem(json(tenant.admin(), "{\"code\":\"typed\",\"title\":\"T\",\"kind\":\"FACE_VERIFICATION\",\"retentionDays\":\"30\",\"notice\":\"n\"}")
                .post(tenantPath("/purposes")), 400, "invalid_value");
    }

    @Test
    void oneJsonDocumentExactly() {
        problem(json(tenant.admin(), "{\"name\":\"a\",\"name\":\"b\",\"timeZone\":\"Asia/Shanghai\"}").post(tenantPath("/sites")), 400, "malformed_json");
        problem(json(tenant.admin(), "{\"name\":\"trailing\",\"timeZone\":\"Asia/Shanghai\"} {}").post(tenantPath("/sites")), 400, "malformed_json");
        problem(json(tenant.admin(), "{\"name\":\"trailing2\",\"timeZone\":\"Asia/Shanghai\"}xyz").post(tenantPath("/sites")), 400, "malformed_json");
        problem(json(tenant.admin(), "[".repeat(5000) + "]".repeat(5000)).post(tenantPath("/sites")), 400, null);
        given().auth().oauth2(tenant.admin()).get(tenantPath("/sites")).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItems("trailing", "trailing2", "b")));
    }

    @Test
    void pagesBeyondAnySaneOffsetAreRefused() {
        problem(given().auth().oauth2(tenant.admin()).get(tenantPath("/audit?page=2147483647&size=500")), 400, "invalid_parameter");
        problem(given().auth().oauth2(tenant.admin()).get(tenantPath("/subjects?page=2147483647")), 400, null);
        problem(given().auth().oauth2(tenant.admin()).get(tenantPath("/consent-events?page=2147483647")), 400, null);
    }

    @Test
    void oversizedRequestsGetProblemDocumentsAtEveryLayer() throws Exception {
        problem(raw("GET", "/portal/" + tenant.slug() + "/receipt-key?q=" + "a".repeat(9000), null, null), 414, "uri_too_long");
        HttpResponse<String> headers = HTTP.send(HttpRequest.newBuilder(uri("/portal/" + tenant.slug() + "/receipt-key"))
                .header("X-Padding", "a".repeat(20_000)).GET().build(), HttpResponse.BodyHandlers.ofString());
        problem(headers, 431, "headers_too_large");
        byte[] big = ("{\"name\":\"" + "a".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        problem(raw("POST", tenantPath("/sites"), tenant.admin(), HttpRequest.BodyPublishers.ofByteArray(big)), 413, "request_too_large");
        // the same body without Content-Length (chunked)
        problem(raw("POST", tenantPath("/sites"), tenant.admin(),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))), 413, "request_too_large");
        // a device-sized frame sent chunked to a device route
        byte[] frame = ("{\"image\":\"" + "A".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        problem(raw("POST", "/api/v1/device/identify", tenant.admin(),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(frame))), 413, "request_too_large");
        // and a small chunked body is read as usual
        HttpResponse<String> small = raw("POST", tenantPath("/sites"), tenant.admin(), HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream("{\"name\":\"chunked gate\",\"timeZone\":\"Asia/Shanghai\"}".getBytes(StandardCharsets.UTF_8))));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
    }

    @Test
    void aBodyWithoutCredentialsIsNotRead() throws Exception {
        byte[] body = "{\"slug\":\"nobody\",\"displayName\":\"x\",\"kind\":\"MALL\"}".getBytes(StandardCharsets.UTF_8);
        problem(raw("POST", "/api/v1/platform/tenants", null, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))),
                401, "unauthorized");
        problem(raw("POST", "/portal/" + tenant.slug() + "/decisions", null, HttpRequest.BodyPublishers.ofByteArray(body)),
                401, "portal_token_required");
    }

    @Test
    void identicalCreationsAtTheSameMomentGiveOneCreatedAndConflictsNeverA500() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> sites = new ArrayList<>();
            List<Callable<Integer>> subjects = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sites.add(() -> json(tenant.admin(), "{\"name\":\"Race gate\",\"timeZone\":\"Asia/Shanghai\"}").post(tenantPath("/sites")).statusCode());
                subjects.add(() -> json(tenant.admin(), "{\"externalRef\":\"race-1\",\"displayName\":\"Race\"}").post(tenantPath("/subjects")).statusCode());
            }
            for (List<Callable<Integer>> race : List.of(sites, subjects)) {
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(race)) {
                    statuses.add(f.get());
                }
                assertThat(statuses).as("statuses").filteredOn(s -> s == 201).hasSize(1);
                assertThat(statuses).as("statuses").allMatch(s -> s == 201 || s == 409);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String tenantPath(String rest) {
        return "/api/v1/tenants/" + tenant.slug() + rest;
    }

    private static io.restassured.specification.RequestSpecification json(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
    }

    private static void problem(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (code != null) {
            assertThat((String) response.path("code")).isEqualTo(code);
        }
    }

    private static void problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (code != null) {
            assertThat(response.body()).contains("\"code\":\"" + code + "\"");
        }
    }

    private static HttpResponse<String> raw(String method, String pathAndQuery, String token, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + pathAndQuery);
    }
}
