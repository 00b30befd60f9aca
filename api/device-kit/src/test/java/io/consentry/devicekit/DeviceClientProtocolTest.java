package io.consentry.devicekit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's side of the protocol over real loopback HTTP, with answers the real api gives only under load or after a
 * key rotation (429 with Retry-After, 503, 502, a rejected token): which requests are sent again and which are not.
 * The real api and Keycloak are exercised by the api module's DeviceKitEndToEndTest.
 */
class DeviceClientProtocolTest {

    private static final String GRANTED = "{\"decision\":\"GRANTED\",\"reason\":\"credential_valid\",\"method\":\"PIN\","
            + "\"auditEntryId\":\"7d3c6b1e-2f3a-4c9e-9a3e-1e2d3c4b5a69\"}";

    private record Answer(int status, String body, String retryAfter) {
    }

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> apiCalls = new ArrayList<>();
    private final List<String> tokensSeen = new ArrayList<>();
    private int tokensIssued;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/token", exchange -> {
            tokensIssued++;
            send(exchange, 200, "{\"access_token\":\"token-" + tokensIssued + "\",\"expires_in\":300,\"token_type\":\"Bearer\"}", null);
        });
        server.createContext("/api", exchange -> {
            exchange.getRequestBody().readAllBytes();
            synchronized (this) {
                apiCalls.add(exchange.getRequestURI().getPath());
                tokensSeen.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            Answer a = answers.isEmpty() ? new Answer(200, GRANTED, null) : answers.poll();
            send(exchange, a.status(), a.body(), a.retryAfter());
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private DeviceClient client() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return DeviceClient.builder().api(URI.create(base)).tokenEndpoint(URI.create(base + "/token"))
                .credentials("device-1", "secret").timeout(Duration.ofSeconds(5))
                .retries(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(2))).build();
    }

    private static String problem(int status, String code) {
        return "{\"status\":" + status + ",\"code\":\"" + code + "\",\"title\":\"t\",\"detail\":\"d\"}";
    }

    @Test
    void aRateLimitedDecisionIsSentAgainAfterTheApisWait() {
        answers.add(new Answer(429, problem(429, "rate_limited"), "1"));
        long start = System.nanoTime();
        Decision d = client().alternative(Alternative.pin("A-1", "123456"));
        assertThat(d.granted()).isTrue();
        assertThat(apiCalls).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aDecisionIsNotSentAgainAfterABadGatewayButAHeartbeatIs() {
        answers.add(new Answer(502, "<html>bad gateway</html>", null));
        assertThatThrownBy(() -> client().identify(new byte[]{1, 2, 3}))
                .isInstanceOfSatisfying(DeviceKitException.Unavailable.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThat(apiCalls).hasSize(1);

        answers.add(new Answer(502, "", null));
        answers.add(new Answer(503, problem(503, "engine_busy"), null));
        answers.add(new Answer(200, "{\"receivedAt\":\"2026-11-30T12:00:00Z\",\"status\":\"ACTIVE\"}", null));
        assertThat(client().heartbeat("fw", DeviceClient.Health.OK, null).status()).isEqualTo("ACTIVE");
        assertThat(apiCalls).hasSize(4);
    }

    @Test
    void attemptsAreBoundedAndAWaitLongerThanTheLimitIsHandedToTheCaller() {
        for (int i = 0; i < 5; i++) {
            answers.add(new Answer(503, problem(503, "engine_busy"), null));
        }
        assertThatThrownBy(() -> client().verify(Claim.subjectRef("A-1"), new byte[]{1}))
                .isInstanceOfSatisfying(DeviceKitException.Unavailable.class, e -> assertThat(e.code()).isEqualTo("engine_busy"));
        assertThat(apiCalls).hasSize(3);

        answers.clear();
        apiCalls.clear();
        answers.add(new Answer(429, problem(429, "rate_limited"), "60"));
        assertThatThrownBy(() -> client().verify(Claim.subjectRef("A-1"), new byte[]{1}))
                .isInstanceOfSatisfying(DeviceKitException.RateLimited.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(60)));
        assertThat(apiCalls).hasSize(1);
    }

    @Test
    void aRejectedTokenIsReplacedOnceAndNoOtherClientErrorIsRetried() {
        DeviceClient client = client();
        answers.add(new Answer(401, "", null));
        assertThat(client.alternative(Alternative.card("C-1")).granted()).isTrue();
        assertThat(tokensSeen).containsExactly("Bearer token-1", "Bearer token-2");

        answers.add(new Answer(401, "", null));
        answers.add(new Answer(401, "", null));
        assertThatThrownBy(() -> client.alternative(Alternative.card("C-1"))).isInstanceOf(DeviceKitException.Unauthenticated.class);
        assertThat(tokensIssued).as("one fresh token per call, not a loop").isEqualTo(3);

        apiCalls.clear();
        answers.add(new Answer(403, problem(403, "device_revoked"), null));
        assertThatThrownBy(() -> client.alternative(Alternative.card("C-1"))).isInstanceOf(DeviceKitException.DeviceRevoked.class);
        answers.add(new Answer(422, problem(422, "no_face_found"), null));
        assertThatThrownBy(() -> client.identify(new byte[]{1})).isInstanceOf(DeviceKitException.FrameRejected.class);
        assertThat(apiCalls).hasSize(2);
    }

    @Test
    void theTokenIsFetchedOnceAndReusedWhileItIsFresh() {
        DeviceClient client = client();
        for (int i = 0; i < 5; i++) {
            client.alternative(Alternative.card("C-" + i));
        }
        assertThat(tokensIssued).isEqualTo(1);
        assertThat(tokensSeen).containsOnly("Bearer token-1");
    }

    @Test
    void anUnreachableTokenEndpointIsATransportFailure() {
        server.stop(0);
        DeviceClient client = DeviceClient.builder().api(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .tokenEndpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token"))
                .credentials("device-1", "secret").build();
        assertThatThrownBy(() -> client.heartbeat("fw", DeviceClient.Health.OK, null))
                .isInstanceOf(DeviceKitException.TransportFailure.class).hasMessageContaining("token endpoint");
    }
}
