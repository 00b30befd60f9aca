package io.consentry.devicekit;

import io.consentry.devicekit.sim.DeviceSim;
import io.consentry.testing.FaceSite;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.TestPhotos;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event delivery measured with the device simulator, as an integrator would: the simulator's verifying receiver is
 * subscribed to decisions, the simulator replays frames at a real device, and the receiver reports how long each
 * signed event took from the decision (its CloudEvent {@code time}) to its arrival, and how many arrived per second.
 * A measurement, not a check (the assertion only keeps it honest: every decision's event arrived, verified), so it
 * runs only when asked:
 * {@code mvn -B -o -pl api -am -Dtest=EventDeliveryMeasurementTest -Dsurefire.failIfNoSpecifiedTests=false -Dconsentry.eventbench=true test}
 * ({@code -Dconsentry.eventbench.frames=N}, default 60; the replay keeps below the device rate limit and retries a 429).
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@EnabledIfSystemProperty(named = "consentry.eventbench", matches = "true")
class EventDeliveryMeasurementTest {

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL api;

    @Test
    void decisionsReachTheSimulatorsReceiverSignedAndOnTime(@TempDir Path frames) throws Exception {
        int count = Integer.getInteger("consentry.eventbench.frames", 60);
        String slug = Tenants.uniqueSlug("evb");
        Tenants.create(Users.tokenFor(keycloak, "platform", "platform-operator"), slug, "COMPOUND");
        FaceSite gate = FaceSite.in(slug, Users.tokenFor(keycloak, slug, "tenant-admin"));
        gate.consentingMember("obama-ref", "obama_1.jpg");
        for (String name : List.of("obama_2.jpg", "obama_3.jpg", "obama_4.jpg")) {
            Files.write(frames.resolve(name), TestPhotos.photo(name));
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String secret = given().auth().oauth2(gate.admin).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:" + port + "/events", "eventTypes", List.of("io.consentry.decision.made")))
                .post("/api/v1/tenants/" + slug + "/webhooks/subscriptions").then().statusCode(201).extract().path("secret");

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<Integer> receiver = CompletableFuture.supplyAsync(() -> DeviceSim.run(new String[]{
                "events", "--listen", "127.0.0.1:" + port, "--secret", secret, "--count", Integer.toString(count), "--duration", "300s"},
                new PrintStream(received, true, StandardCharsets.UTF_8)));
        // Decisions start once the receiver listens (a refused first delivery would measure the back-off, not the path).
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (!listening(port)) {
            assertThat(java.time.Instant.now()).as("the receiver listens within 30 s").isBefore(deadline);
            Thread.sleep(50);
        }
        String keycloakUrl = ConfigProvider.getConfig().getValue("consentry.keycloak.url", String.class);
        ByteArrayOutputStream replayed = new ByteArrayOutputStream();
        int replay = DeviceSim.run(new String[]{"--api", api.toString(), "--keycloak", keycloakUrl, "--tenant", slug,
                "--client-id", gate.device.clientId(), "--client-secret", gate.device.secret(),
                "replay", "--frames", frames.toString(), "--mode", "verify", "--subject", "obama-ref",
                "--count", Integer.toString(count), "--workers", "2", "--rate", "8/s", "--retry"}, new PrintStream(replayed, true, StandardCharsets.UTF_8));
        int received0 = receiver.get();

        String replaySummary = summary(replayed);
        String receiverSummary = summary(received);
        System.out.println("== event delivery, " + count + " decisions\n-- simulator (decisions)\n" + replaySummary
                + "\n-- simulator (events receiver)\n" + receiverSummary);
        assertThat(replay).as(replaySummary).isZero();
        assertThat(received0).as(receiverSummary).isZero();
        assertThat(receiverSummary).contains("accepted: " + count);
    }

    private static boolean listening(int port) {
        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException notYet) {
            return false;
        }
    }

    private static String summary(ByteArrayOutputStream out) {
        String all = out.toString(StandardCharsets.UTF_8);
        int start = all.indexOf("--");
        return start < 0 ? all : all.substring(start);
    }
}
