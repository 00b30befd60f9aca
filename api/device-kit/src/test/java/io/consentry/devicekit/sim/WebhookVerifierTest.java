package io.consentry.devicekit.sim;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import static io.consentry.devicekit.sim.WebhookVerifier.Rejection.BAD_SIGNATURE;
import static io.consentry.devicekit.sim.WebhookVerifier.Rejection.BAD_TIMESTAMP;
import static io.consentry.devicekit.sim.WebhookVerifier.Rejection.MISSING_HEADERS;
import static io.consentry.devicekit.sim.WebhookVerifier.Rejection.OUTSIDE_WINDOW;
import static io.consentry.devicekit.sim.WebhookVerifier.Rejection.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;

/** The delivery contract (HMAC-SHA-256 over "<id>.<timestamp>.<raw body>", 300 s window, replay) with vectors computed here. */
class WebhookVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String SECRET = "whsec-test-0123456789";
    private static final String ID = "5f0c8a9e-1b2c-4d3e-8f4a-5b6c7d8e9f00";
    private static final String BODY = "{\"specversion\":\"1.0\",\"id\":\"" + ID + "\",\"source\":\"/tenants/acme\","
            + "\"type\":\"io.consentry.decision.made\",\"time\":\"2026-11-30T11:59:59.750Z\",\"datacontenttype\":\"application/json\","
            + "\"data\":{\"decisionId\":\"d1\",\"outcome\":\"GRANTED\"}}";

    /** The vector, computed with the JDK's HMAC directly (not with the verifier's own helper). */
    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static WebhookVerifier verifier(Instant now, String... secrets) {
        return new WebhookVerifier(List.of(secrets), Duration.ofSeconds(300), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String ts(Instant at) {
        return Long.toString(at.getEpochSecond());
    }

    @Test
    void aCorrectlySignedFreshDeliveryIsAcceptedOnceAndItsReplayIsRejected() throws Exception {
        String sig = "v1=" + hmac(SECRET, ID + "." + ts(NOW) + "." + BODY);
        assertThat(sig).matches("v1=[0-9a-f]{64}");
        assertThat(WebhookVerifier.sign(SECRET, ID, ts(NOW), BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(sig.substring(3));
        WebhookVerifier v = verifier(NOW, SECRET);
        assertThat(v.verify(ID, ts(NOW), sig, BODY.getBytes(StandardCharsets.UTF_8)).accepted()).isTrue();
        assertThat(v.verify(ID, ts(NOW), sig, BODY.getBytes(StandardCharsets.UTF_8)).rejection()).isEqualTo(REPLAYED);
    }

    @Test
    void anUnsignedOrTamperedOrWronglyKeyedDeliveryIsRejected() throws Exception {
        WebhookVerifier v = verifier(NOW, SECRET);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String good = "v1=" + hmac(SECRET, ID + "." + ts(NOW) + "." + BODY);
        assertThat(v.verify(ID, ts(NOW), null, body).rejection()).isEqualTo(MISSING_HEADERS);
        assertThat(v.verify(ID, ts(NOW), "", body).rejection()).isEqualTo(BAD_SIGNATURE);
        assertThat(v.verify(ID, ts(NOW), "v1=" + hmac("another-secret", ID + "." + ts(NOW) + "." + BODY), body).rejection())
                .isEqualTo(BAD_SIGNATURE);
        assertThat(v.verify(ID, ts(NOW), good, BODY.replace("GRANTED", "DENIED").getBytes(StandardCharsets.UTF_8)).rejection())
                .as("body changed").isEqualTo(BAD_SIGNATURE);
        assertThat(v.verify("another-id", ts(NOW), good, body).rejection()).as("id changed").isEqualTo(BAD_SIGNATURE);
        assertThat(v.verify(ID, ts(NOW.plusSeconds(1)), good, body).rejection()).as("timestamp changed").isEqualTo(BAD_SIGNATURE);
        assertThat(v.verify(ID, ts(NOW), "v0=" + good.substring(3), body).rejection()).as("unknown scheme").isEqualTo(BAD_SIGNATURE);
        assertThat(v.verify(ID, "yesterday", good, body).rejection()).isEqualTo(BAD_TIMESTAMP);
        // none of these was accepted, so the genuine delivery still is
        assertThat(v.verify(ID, ts(NOW), good, body).accepted()).isTrue();
    }

    @Test
    void theTimestampMustBeWithinFiveMinutesEitherWay() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        for (long offset : new long[]{-300, 300}) {
            Instant sent = NOW.plusSeconds(offset);
            String sig = "v1=" + hmac(SECRET, ID + offset + "." + ts(sent) + "." + BODY);
            assertThat(verifier(NOW, SECRET).verify(ID + offset, ts(sent), sig, body).accepted()).as("offset " + offset).isTrue();
        }
        for (long offset : new long[]{-301, 301}) {
            Instant sent = NOW.plusSeconds(offset);
            String sig = "v1=" + hmac(SECRET, ID + "." + ts(sent) + "." + BODY);
            assertThat(verifier(NOW, SECRET).verify(ID, ts(sent), sig, body).rejection()).as("offset " + offset).isEqualTo(OUTSIDE_WINDOW);
        }
    }

    @Test
    void duringARotationEitherSignatureAndEitherSecretIsEnough() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String oldSig = hmac("old-secret", ID + "." + ts(NOW) + "." + BODY);
        String newSig = hmac("new-secret", ID + "." + ts(NOW) + "." + BODY);
        String both = "v1=" + oldSig + " v1=" + newSig;
        assertThat(verifier(NOW, "new-secret").verify(ID, ts(NOW), both, body).accepted()).isTrue();
        assertThat(verifier(NOW, "old-secret").verify(ID, ts(NOW), both, body).accepted()).isTrue();
        assertThat(verifier(NOW, "old-secret", "new-secret").verify(ID, ts(NOW), "v1=" + newSig, body).accepted()).isTrue();
        assertThat(verifier(NOW, "third").verify(ID, ts(NOW), both, body).rejection()).isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void theReceiverAnswersOverHttpAndMeasuresDeliveryLatency() throws Exception {
        Instant now = Instant.now();
        var out = new ByteArrayOutputStream();
        try (EventReceiver receiver = new EventReceiver(new InetSocketAddress("127.0.0.1", 0),
                WebhookVerifier.withDefaults(List.of(SECRET)), new PrintStream(out, true, StandardCharsets.UTF_8), 2).start()) {
            URI uri = URI.create("http://127.0.0.1:" + receiver.address().getPort() + "/events");
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 2; i++) {
                String id = "evt-" + i;
                String body = BODY.replace(ID, id).replace("2026-11-30T11:59:59.750Z", now.minusMillis(250).toString());
                String sig = "v1=" + hmac(SECRET, id + "." + ts(now) + "." + body);
                assertThat(post(http, uri, id, ts(now), sig, body)).isEqualTo(204);
                if (i == 0) {
                    assertThat(post(http, uri, id, ts(now), sig, body)).as("replay").isEqualTo(409);
                }
            }
            assertThat(post(http, uri, "evt-x", ts(now), "v1=00", BODY)).isEqualTo(401);
            assertThat(post(http, uri, null, ts(now), null, BODY)).isEqualTo(400);
            assertThat(receiver.awaitEvents(Duration.ofSeconds(5))).isTrue();
            assertThat(receiver.accepted()).isEqualTo(2);
            assertThat(receiver.rejected()).containsEntry("REPLAYED", 1).containsEntry("BAD_SIGNATURE", 1).containsEntry("MISSING_HEADERS", 1);
            assertThat(receiver.latency().count()).isEqualTo(2);
            assertThat(receiver.latency().percentile(50)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            receiver.printSummary(new PrintStream(out, true, StandardCharsets.UTF_8));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("accepted: 2, rejected: 3", "io.consentry.decision.made=2",
                "delivery latency (receive time - event time): p50");
    }

    private static int post(HttpClient http, URI uri, String id, String ts, String sig, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/cloudevents+json")
                .header("Consentry-Timestamp", ts).POST(HttpRequest.BodyPublishers.ofString(body));
        if (id != null) {
            b.header("Consentry-Event-Id", id);
        }
        if (sig != null) {
            b.header("Consentry-Signature", sig);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
