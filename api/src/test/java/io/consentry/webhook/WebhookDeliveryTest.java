package io.consentry.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.work.TenantWork;
import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.consentry.testing.WebhookReceiver;
import io.consentry.testing.WebhookVerification;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/**
 * Signed webhooks end to end on the real servers: real decisions at a real device, consent and enrolment through the
 * real portal, delivered to a real HTTP receiver on 127.0.0.1 that verifies them with the documented logic.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class WebhookDeliveryTest {

    private static final List<String> ALL_TYPES = List.of("io.consentry.decision.made", "io.consentry.consent.granted",
            "io.consentry.consent.withdrawn", "io.consentry.enrolment.completed", "io.consentry.erasure.completed",
            "io.consentry.device.health");
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WebhookReceiver receiver;

    @Inject
    Keycloak keycloak;
    @Inject
    TenantWork work;
    @Inject
    AuditTrail audit;
    @Inject
    io.consentry.device.Devices devices;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void aFaceDecisionAtARealDeviceReachesTheReceiverSignedAndVerifiableWithIdsOnly() throws Exception {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "whface", "COMPOUND");
        String path = "/face-" + t.slug();
        String secret = subscribe(t, path, ALL_TYPES);
        String site = Devices.createSite(t.admin(), t.slug(), "Lobby");
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "PIN", "GUARD"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "livenessRequired", false))
                .put("/api/v1/tenants/" + t.slug() + "/sites/" + site + "/policy").then().statusCode(200);
        Devices.Registered kiosk = Devices.register(t.admin(), t.slug(), site, "Lobby kiosk");
        String token = Devices.token(t.slug(), kiosk);

        String subject = enrolled(t, "resident-1", "biden_1.jpg");
        WebhookReceiver.Received granted = receiver.await(r -> r.path().equals(path) && r.body().contains("consent.granted"), WITHIN);
        WebhookReceiver.Received enrolment = receiver.await(r -> r.path().equals(path) && r.body().contains("enrolment.completed"), WITHIN);
        assertThat(data(granted).path("subjectId").asText()).isEqualTo(subject);
        assertThat(data(granted).path("purpose").asText()).isEqualTo("gate-verification");
        assertThat(data(enrolment).path("subjectId").asText()).isEqualTo(subject);

        String image = Base64.getEncoder().encodeToString(photo("biden_2.jpg"));
        Response decision = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("claim", Map.of("type", "SUBJECT_REF", "value", "resident-1"), "image", image))
                .post("/api/v1/device/verify");
        decision.then().statusCode(200).body("decision", equalTo("GRANTED"));
        String decisionId = decision.path("auditEntryId");

        WebhookReceiver.Received made = receiver.await(r -> r.path().equals(path) && r.body().contains("decision.made"), WITHIN);
        assertThat(made.rejection()).as("verified by the documented logic").isNull();
        assertThat(made.status()).isEqualTo(204);
        assertThat(made.contentType()).isEqualTo("application/cloudevents+json");
        JsonNode event = JSON.readTree(made.body());
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("source").asText()).isEqualTo("/tenants/" + t.slug());
        assertThat(event.path("type").asText()).isEqualTo("io.consentry.decision.made");
        assertThat(event.path("id").asText()).isEqualTo(made.eventId());
        assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(event.path("subject").asText()).isEqualTo(site);
        assertThat(Instant.parse(event.path("time").asText())).isBefore(Instant.now());
        JsonNode data = event.path("data");
        List<String> fields = new ArrayList<>();
        data.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("decisionId", "siteId", "deviceId", "method", "outcome", "reason", "subjectId");
        if (decisionId != null) {
            assertThat(data.path("decisionId").asText()).isEqualTo(decisionId);
        }
        assertThat(data.path("siteId").asText()).isEqualTo(site);
        assertThat(data.path("deviceId").asText()).isEqualTo(kiosk.id());
        assertThat(data.path("method").asText()).isEqualTo("FACE_1_1");
        assertThat(data.path("outcome").asText()).isEqualTo("GRANTED");
        assertThat(data.path("subjectId").asText()).isEqualTo(subject);

        // Nothing of the face, the score, the template, a PIN or a token in any delivered body.
        String pinSubject = subjectWithPin(t, "482913");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("method", "PIN", "subjectId", pinSubject, "pin", "482913")).post("/api/v1/device/alternative")
                .then().statusCode(200).body("decision", equalTo("GRANTED"));
        receiver.await(r -> r.path().equals(path) && r.body().contains(pinSubject) && r.body().contains("\"PIN\""), WITHIN);
        String templateId = given().auth().oauth2(t.admin()).get("/api/v1/tenants/" + t.slug() + "/subjects/" + subject + "/templates")
                .then().statusCode(200).extract().path("[0].id");
        for (WebhookReceiver.Received r : receiver.received()) {
            if (!r.path().equals(path)) {
                continue;
            }
            assertThat(r.rejection()).isNull();
            String body = r.body();
            assertThat(body).doesNotContain(image.substring(0, 40)).doesNotContain("/9j/")
                    .doesNotContainIgnoringCase("score").doesNotContainIgnoringCase("vector").doesNotContainIgnoringCase("\"image")
                    .doesNotContain("482913").doesNotContainIgnoringCase("token").doesNotContain(secret)
                    .doesNotContain("threshold").doesNotContain("@");
            JsonNode d = JSON.readTree(body).path("data");
            d.fieldNames().forEachRemaining(f -> assertThat(f).isIn("decisionId", "siteId", "deviceId", "method", "outcome",
                    "reason", "subjectId", "consentEventId", "purpose", "decidedBy", "templateId", "replaced", "erasureId",
                    "health", "previousHealth", "change"));
        }
        // The enrolment names the template's id (metadata), never its content.
        assertThat(data(enrolment).path("templateId").asText()).isEqualTo(templateId);

        // The delivery log shows it delivered, one attempt, HTTP 204, to admins and auditors.
        String auditor = Users.tokenFor(keycloak, t.slug(), "auditor");
        given().auth().oauth2(auditor).get(api(t) + "/deliveries?type=io.consentry.decision.made&status=DELIVERED")
                .then().statusCode(200).body("size()", equalTo(2)).body("[0].attemptCount", equalTo(1))
                .body("[0].lastStatus", equalTo(204)).body("[0]", not(hasKey("event")));
    }

    @Test
    void theDocumentedVerificationRejectsUnsignedWronglySignedStaleAndReplayedDeliveries() throws Exception {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "whverify", "COMPOUND");
        String path = "/verify-" + t.slug();
        String secret = subscribe(t, path, List.of("io.consentry.decision.made"));
        pinDecision(t, "771234");
        WebhookReceiver.Received real = receiver.await(r -> r.path().equals(path), WITHIN);
        assertThat(real.rejection()).isNull();

        // The same delivery again, byte for byte: a replay.
        assertThat(post(path, real.eventId(), real.timestamp(), real.signature(), real.body())).isEqualTo(401);
        assertThat(lastRejection(path)).isEqualTo("replayed");
        // Unsigned.
        String freshId = UUID.randomUUID().toString();
        String now = Long.toString(Instant.now().getEpochSecond());
        String body = real.body().replace(real.eventId(), freshId);
        assertThat(post(path, freshId, now, null, body)).isEqualTo(401);
        assertThat(lastRejection(path)).isEqualTo("unsigned");
        // Signed with another secret, or the body changed after signing.
        assertThat(post(path, freshId, now, "v1=" + hmac("whsec_wrong", freshId + "." + now + "." + body), body)).isEqualTo(401);
        assertThat(lastRejection(path)).isEqualTo("bad signature");
        String tampered = body.replace("GRANTED", "DENIED");
        assertThat(post(path, freshId, now, "v1=" + hmac(secret, freshId + "." + now + "." + body), tampered)).isEqualTo(401);
        assertThat(lastRejection(path)).isEqualTo("bad signature");
        // Correctly signed, but 301 s old.
        String stale = Long.toString(Instant.now().getEpochSecond() - 301);
        assertThat(post(path, freshId, stale, "v1=" + hmac(secret, freshId + "." + stale + "." + body), body)).isEqualTo(401);
        assertThat(lastRejection(path)).isEqualTo("stale timestamp");
        // The control: the same, correctly signed now, is accepted once — and only once.
        String good = "v1=" + hmac(secret, freshId + "." + now + "." + body);
        assertThat(post(path, freshId, now, good, body)).isEqualTo(204);
        assertThat(post(path, freshId, now, good, body)).isEqualTo(401);
        assertThat(lastRejection(path)).isEqualTo("replayed");
    }

    @Test
    void aFailingReceiverIsRetriedWithBackOffThenDeadLetteredAndTheDeadLetterRedelivered() throws Exception {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "whfail", "COMPOUND");
        String path = "/fail-" + t.slug();
        subscribe(t, path, List.of("io.consentry.decision.made"));
        receiver.fail(path, true);
        double deadBefore = metric("consentry_webhook_deliveries_total{outcome=\"dead\"");
        double failedBefore = metric("consentry_webhook_deliveries_total{outcome=\"failed\"");
        pinDecision(t, "551122");

        Map<String, Object> dead = awaitDelivery(t, "?status=DEAD", d -> true);
        String id = (String) dead.get("id");
        assertThat(dead.get("attemptCount")).isEqualTo(3);
        assertThat(dead.get("lastStatus")).isEqualTo(500);
        assertThat(dead.get("lastError")).isEqualTo("HTTP 500");
        List<Map<String, Object>> attempts = given().auth().oauth2(t.admin()).get(api(t) + "/deliveries/" + id)
                .then().statusCode(200).body("status", equalTo("DEAD")).extract().path("attempts");
        assertThat(attempts).hasSize(3).allSatisfy(a -> assertThat(a.get("httpStatus")).isEqualTo(500));
        // Back-off: 200 ms then 400 ms configured for tests, each with up to half of it as jitter.
        Instant first = Instant.parse((String) attempts.get(0).get("at"));
        Instant second = Instant.parse((String) attempts.get(1).get("at"));
        Instant third = Instant.parse((String) attempts.get(2).get("at"));
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.between(second, third)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        List<WebhookReceiver.Received> failedTries = receiver.received().stream().filter(r -> r.path().equals(path)).toList();
        assertThat(failedTries).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(500));
        assertThat(failedTries.stream().map(WebhookReceiver.Received::eventId).distinct()).hasSize(1);
        // Metrics: two failed attempts that were retried, one dead letter.
        assertThat(metric("consentry_webhook_deliveries_total{outcome=\"failed\"")).isGreaterThanOrEqualTo(failedBefore + 2);
        assertThat(metric("consentry_webhook_deliveries_total{outcome=\"dead\"")).isGreaterThanOrEqualTo(deadBefore + 1);

        // Redelivery is for dead letters only, and for admins only.
        String auditor = Users.tokenFor(keycloak, t.slug(), "auditor");
        given().auth().oauth2(auditor).post(api(t) + "/deliveries/" + id + "/redeliver").then().statusCode(403);
        receiver.fail(path, false);
        given().auth().oauth2(t.admin()).post(api(t) + "/deliveries/" + id + "/redeliver").then().statusCode(200)
                .body("status", equalTo("PENDING"));
        WebhookReceiver.Received redelivered = receiver.await(r -> r.path().equals(path) && r.status() == 204, WITHIN);
        assertThat(redelivered.eventId()).isEqualTo(failedTries.get(0).eventId());
        awaitDelivery(t, "?status=DELIVERED", d -> d.get("id").equals(id));
        given().auth().oauth2(t.admin()).get(api(t) + "/deliveries/" + id).then().statusCode(200)
                .body("attempts.size()", equalTo(4)).body("attempts[3].httpStatus", equalTo(204));
        assertThat(metric("consentry_webhook_deliveries_total{outcome=\"delivered\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric("consentry_webhook_delivery_latency_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(metric("consentry_webhook_attempt_duration_seconds_count")).isGreaterThanOrEqualTo(4);
        given().auth().oauth2(t.admin()).post(api(t) + "/deliveries/" + id + "/redeliver").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("webhook_delivery_not_dead"));
        // Audited.
        given().auth().oauth2(t.admin()).get("/api/v1/tenants/" + t.slug() + "/audit?action=webhook.redelivered").then().statusCode(200)
                .body("items.size()", equalTo(1));
    }

    @Test
    void aRolledBackOperationEmitsNothingAndACommittedOneEmitsOnce() throws Exception {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "whroll", "COMPOUND");
        String path = "/roll-" + t.slug();
        subscribe(t, path, List.of("io.consentry.decision.made"));
        var tenant = work.liveTenants().stream().filter(x -> x.slug.equals(t.slug())).findFirst().orElseThrow();
        String rolledBack = UUID.randomUUID().toString();
        String committed = UUID.randomUUID().toString();
        // A decision's audit entry written, then the transaction rolled back (as a failing decision would be).
        work.as(tenant, () -> {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                audit.append(decisionEntry(rolledBack));
                QuarkusTransaction.setRollbackOnly();
            })).hasStackTraceContaining("RollbackException");
            QuarkusTransaction.requiringNew().run(() -> audit.append(decisionEntry(committed)));
            return null;
        });
        receiver.await(r -> r.path().equals(path) && r.body().contains(committed), WITHIN);
        given().auth().oauth2(t.admin()).get(api(t) + "/deliveries").then().statusCode(200).body("size()", equalTo(1));
        assertThat(receiver.received().stream().filter(r -> r.body().contains(rolledBack))).isEmpty();
    }

    @Test
    void deviceHealthChangesAndSilencesAreDelivered() {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "whhealth", "COMPOUND");
        String path = "/health-" + t.slug();
        subscribe(t, path, List.of("io.consentry.device.health"));
        String site = Devices.createSite(t.admin(), t.slug(), "Gate");
        Devices.Registered gate = Devices.register(t.admin(), t.slug(), site, "Gate 1");
        String token = Devices.token(t.slug(), gate);
        heartbeat(token, "OK");
        heartbeat(token, "OK");
        heartbeat(token, "FAILING");
        heartbeat(token, "FAILING");
        heartbeat(token, "OK");
        WebhookReceiver.Received fault = receiver.await(r -> r.path().equals(path) && r.body().contains("\"fault\""), WITHIN);
        WebhookReceiver.Received recovered = receiver.await(r -> r.path().equals(path) && r.body().contains("\"recovered\""), WITHIN);
        assertThat(fault.rejection()).isNull();
        assertThat(fault.body()).contains("\"deviceId\":\"" + gate.id() + "\"").contains("\"health\":\"FAILING\"");
        assertThat(recovered.body()).contains("\"previousHealth\":\"FAILING\"");
        // Steady heartbeats are not events: exactly the two changes.
        given().auth().oauth2(t.admin()).get(api(t) + "/deliveries").then().statusCode(200).body("size()", equalTo(2));

        // The device falls silent: the sweep (run here as of ten minutes from now, instead of waiting) reports it once...
        var tenant = work.liveTenants().stream().filter(x -> x.slug.equals(t.slug())).findFirst().orElseThrow();
        Instant later = Instant.now().plus(Duration.ofMinutes(10));
        assertThat(work.as(tenant, () -> devices.reportSilences(later))).isEqualTo(1);
        assertThat(work.as(tenant, () -> devices.reportSilences(later.plusSeconds(60)))).isZero();
        WebhookReceiver.Received silent = receiver.await(r -> r.path().equals(path) && r.body().contains("\"went_silent\""), WITHIN);
        assertThat(silent.body()).contains("\"health\":\"SILENT\"").contains("\"deviceId\":\"" + gate.id() + "\"")
                .doesNotContain("lastSeenAt");
        // ...and its next heartbeat says it came back.
        heartbeat(token, "OK");
        receiver.await(r -> r.path().equals(path) && r.body().contains("\"came_back\""), WITHIN);
        given().auth().oauth2(t.admin()).get(api(t) + "/deliveries?type=io.consentry.device.health").then().statusCode(200)
                .body("size()", equalTo(4));
    }

    @Test
    void aRotatedSecretSignsTogetherWithThePreviousOneDuringTheOverlap() throws Exception {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "whrotate", "COMPOUND");
        String path = "/rotate-" + t.slug();
        String old = subscribe(t, path, List.of("io.consentry.decision.made"));
        String id = subscriptionId(t);
        String fresh = given().auth().oauth2(t.admin()).post(api(t) + "/subscriptions/" + id + "/rotate-secret?overlapMinutes=60")
                .then().statusCode(200).body("previousSecretValidUntil", org.hamcrest.Matchers.notNullValue())
                .extract().path("secret");
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        given().auth().oauth2(t.admin()).get(api(t) + "/subscriptions/" + id).then().statusCode(200).body("$", not(hasKey("secret")));
        receiver.accept(path, fresh);
        pinDecision(t, "339911");
        WebhookReceiver.Received r = receiver.await(x -> x.path().equals(path), WITHIN);
        assertThat(r.rejection()).as("verified with the new secret alone").isNull();
        assertThat(r.signature().split(" ")).hasSize(2);
        String payload = r.eventId() + "." + r.timestamp() + "." + r.body();
        assertThat(r.signature()).contains("v1=" + hmac(old, payload)).contains("v1=" + hmac(fresh, payload));
        // No overlap: only the new secret signs from now on.
        given().auth().oauth2(t.admin()).post(api(t) + "/subscriptions/" + id + "/rotate-secret?overlapMinutes=0")
                .then().statusCode(200).body("$", not(hasKey("previousSecretValidUntil")));
        given().auth().oauth2(t.admin()).get("/api/v1/tenants/" + t.slug() + "/audit?action=webhook.secret-rotated").then().statusCode(200)
                .body("items.size()", equalTo(2)).body("items[0].details", not(hasKey("secret")));
    }

    @Test
    void anotherTenantsSubscriptionsAndDeliveriesAreNotFound() throws Exception {
        Tenants.Pair pair = Tenants.pairWithAdmins(keycloak, "whiso", "COMPOUND", "COMPOUND");
        Tenants.WithAdmin a = pair.first();
        Tenants.WithAdmin b = pair.second();
        String path = "/iso-" + a.slug();
        subscribe(a, path, List.of("io.consentry.decision.made"));
        String id = subscriptionId(a);
        receiver.fail(path, true);
        pinDecision(a, "661199");
        String delivery = (String) awaitDelivery(a, "", d -> true).get("id");
        receiver.fail(path, false);

        notFound(given().auth().oauth2(b.admin()).get(api(b) + "/subscriptions/" + id), "webhook_not_found");
        notFound(given().auth().oauth2(b.admin()).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url("/x"), "eventTypes", List.of("io.consentry.decision.made"), "active", false))
                .put(api(b) + "/subscriptions/" + id), "webhook_not_found");
        notFound(given().auth().oauth2(b.admin()).post(api(b) + "/subscriptions/" + id + "/rotate-secret"), "webhook_not_found");
        notFound(given().auth().oauth2(b.admin()).get(api(b) + "/deliveries?subscription=" + id), "webhook_not_found");
        notFound(given().auth().oauth2(b.admin()).get(api(b) + "/deliveries/" + delivery), "webhook_delivery_not_found");
        notFound(given().auth().oauth2(b.admin()).post(api(b) + "/deliveries/" + delivery + "/redeliver"), "webhook_delivery_not_found");
        // A's token on B's routes: refused by the tenant check before anything is looked up.
        given().auth().oauth2(a.admin()).get(api(b) + "/subscriptions").then().statusCode(403);
        given().auth().oauth2(b.admin()).get(api(b) + "/deliveries").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void badInputIsRefusedWithProblemsAndNothingIsWritten() {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "whbad", "COMPOUND");
        List<String> decision = List.of("io.consentry.decision.made");
        refused(t, Map.of("url", "ftp://receiver.example.test/hook", "eventTypes", decision), "webhook_url_refused");
        refused(t, Map.of("url", "https://user:pw@receiver.example.test/hook", "eventTypes", decision), "webhook_url_refused");
        refused(t, Map.of("url", "http://169.254.169.254/latest/meta-data/", "eventTypes", decision), "webhook_url_refused");
        refused(t, Map.of("url", "https://169.254.169.254/hook", "eventTypes", decision), "webhook_url_refused");
        refused(t, Map.of("url", "https://[fe80::1]/hook", "eventTypes", decision), "webhook_url_refused");
        refused(t, Map.of("url", "https://metadata.google.internal/hook", "eventTypes", decision), "webhook_url_refused");
        refused(t, Map.of("url", "http://192.0.2.10/hook", "eventTypes", decision), "webhook_url_refused");
        refused(t, Map.of("url", "https://0.0.0.0/hook", "eventTypes", decision), "webhook_url_refused");
        refused(t, Map.of("url", "not a url", "eventTypes", decision), "webhook_url_refused");
        refused(t, Map.of("url", receiver.url("/bad"), "eventTypes", List.of("io.consentry.decision.made", "io.consentry.face.image")),
                "webhook_event_type_unknown");
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url("/bad"), "eventTypes", List.of("io.consentry.face.image")))
                .post(api(t) + "/subscriptions").then().statusCode(400).body("errors[0].field", equalTo("eventTypes[0]"));
        refused(t, Map.of("url", receiver.url("/bad"), "eventTypes", List.of()), "validation_failed");
        refused(t, Map.of("eventTypes", decision), "validation_failed");
        refused(t, Map.of("url", receiver.url("/bad"), "eventTypes", "io.consentry.decision.made"), "invalid_value");
        refused(t, Map.of("url", receiver.url("/bad"), "eventTypes", decision, "active", "yes"), "invalid_value");
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON).body("{\"url\": \"" + receiver.url("/bad") + "\", eventTypes: }")
                .post(api(t) + "/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_json"));
        given().auth().oauth2(t.admin()).get(api(t) + "/deliveries?status=LOST").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_parameter"));
        given().auth().oauth2(t.admin()).get(api(t) + "/deliveries?type=io.consentry.face.image").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_parameter"));
        notFound(given().auth().oauth2(t.admin()).get(api(t) + "/subscriptions/" + UUID.randomUUID()), "webhook_not_found");
        // Nothing was written, nothing audited.
        given().auth().oauth2(t.admin()).get(api(t) + "/subscriptions").then().statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(t.admin()).get("/api/v1/tenants/" + t.slug() + "/audit?action=webhook.created").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void aGuardCannotManageWebhooksAndAnAuditorOnlyReads() {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "whroles", "COMPOUND");
        String guard = Users.tokenFor(keycloak, t.slug(), "guard");
        String auditor = Users.tokenFor(keycloak, t.slug(), "auditor");
        Map<String, Object> body = Map.of("url", receiver.url("/roles"), "eventTypes", List.of("io.consentry.decision.made"));
        given().auth().oauth2(guard).contentType(ContentType.JSON).body(body).post(api(t) + "/subscriptions").then().statusCode(403);
        given().auth().oauth2(guard).get(api(t) + "/subscriptions").then().statusCode(403);
        given().auth().oauth2(guard).get(api(t) + "/deliveries").then().statusCode(403);
        given().auth().oauth2(auditor).contentType(ContentType.JSON).body(body).post(api(t) + "/subscriptions").then().statusCode(403);
        subscribe(t, "/roles", List.of("io.consentry.decision.made"));
        String id = subscriptionId(t);
        given().auth().oauth2(auditor).get(api(t) + "/subscriptions").then().statusCode(200).body("size()", equalTo(1))
                .body("[0]", not(hasKey("secret")));
        given().auth().oauth2(auditor).post(api(t) + "/subscriptions/" + id + "/rotate-secret").then().statusCode(403);
        given().auth().oauth2(guard).post(api(t) + "/subscriptions/" + id + "/rotate-secret").then().statusCode(403);
        // Disabling is an admin change, audited.
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url("/roles"), "eventTypes", List.of("io.consentry.decision.made"), "active", false))
                .put(api(t) + "/subscriptions/" + id).then().statusCode(200).body("active", equalTo(false));
        given().auth().oauth2(t.admin()).get("/api/v1/tenants/" + t.slug() + "/audit?action=webhook.disabled").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].details.host", equalTo("127.0.0.1"));
    }

    /**
     * Delivery latency and throughput to a receiver on the same machine (printed, not asserted: the machine is shared).
     * Latency: from the device's answer to the receiver's arrival, for sequential decisions; throughput: decisions from
     * three devices at once, until the last delivery arrived.
     */
    @Test
    void latencyAndThroughputToALocalReceiver() throws Exception {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "whlat", "COMPOUND");
        String path = "/lat-" + t.slug();
        subscribe(t, path, List.of("io.consentry.decision.made"));
        String site = Devices.createSite(t.admin(), t.slug(), "Gate");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add(Devices.token(t.slug(), Devices.register(t.admin(), t.slug(), site, "Gate " + i)));
        }
        String subject = subjectWithPin(t, "246810");
        Map<String, Object> pin = Map.of("method", "PIN", "subjectId", subject, "pin", "246810");
        List<Long> latencies = new ArrayList<>();
        List<Long> sinceSent = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Instant sent = Instant.now();
            String decisionId = given().auth().oauth2(tokens.get(0)).contentType(ContentType.JSON).body(pin)
                    .post("/api/v1/device/alternative").then().statusCode(200).extract().path("auditEntryId");
            Instant answered = Instant.now();
            WebhookReceiver.Received r = receiver.await(x -> x.path().equals(path) && x.body().contains(decisionId), WITHIN);
            latencies.add(Duration.between(answered, r.at()).toMillis());
            sinceSent.add(Duration.between(sent, r.at()).toMillis());
            Thread.sleep(120); // stay under the device rate limit (10/s)
        }
        Collections.sort(latencies);
        Collections.sort(sinceSent);
        List<Long> inPlatform = new ArrayList<>();
        List<Map<String, Object>> logged = given().auth().oauth2(t.admin()).get(api(t) + "/deliveries?status=DELIVERED&size=15")
                .then().statusCode(200).extract().path("$");
        for (Map<String, Object> d : logged) {
            inPlatform.add(Duration.between(Instant.parse((String) d.get("createdAt")), Instant.parse((String) d.get("deliveredAt"))).toMillis());
        }
        Collections.sort(inPlatform);
        System.out.printf("WEBHOOK LATENCY in the platform (outbox row written -> receiver's 2xx recorded): min %d ms, median %d ms, max %d ms%n",
                inPlatform.get(0), inPlatform.get(inPlatform.size() / 2), inPlatform.get(inPlatform.size() - 1));
        int before = receiver.received().size();
        int perDevice = 15;
        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> runs = new ArrayList<>();
        for (String token : tokens) {
            runs.add(pool.submit(() -> {
                for (int i = 0; i < perDevice; i++) {
                    given().auth().oauth2(token).contentType(ContentType.JSON).body(pin).post("/api/v1/device/alternative")
                            .then().statusCode(200);
                }
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();
        Instant decided = Instant.now();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (receiver.received().stream().filter(x -> x.path().equals(path)).count() < 15 + 3L * perDevice
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        Instant last = receiver.received().stream().filter(x -> x.path().equals(path)).map(WebhookReceiver.Received::at)
                .max(Instant::compareTo).orElseThrow();
        long all = receiver.received().stream().filter(x -> x.path().equals(path)).count();
        assertThat(all).isEqualTo(15 + 3L * perDevice);
        assertThat(receiver.received().stream().filter(x -> x.path().equals(path))).allSatisfy(x -> assertThat(x.rejection()).isNull());
        double seconds = Duration.between(start, last).toMillis() / 1000.0;
        System.out.printf("WEBHOOK LATENCY, 15 sequential decisions: device answer -> receiver min %d ms, median %d ms, max %d ms "
                        + "(negative: the delivery arrived before the device had read its answer); device request sent -> receiver "
                        + "min %d ms, median %d ms, max %d ms%n",
                latencies.get(0), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1),
                sinceSent.get(0), sinceSent.get(sinceSent.size() / 2), sinceSent.get(sinceSent.size() - 1));
        System.out.printf("WEBHOOK THROUGHPUT: %d decisions from 3 devices decided in %d ms, all delivered after %d ms (%.1f events/s); "
                        + "last delivery %d ms after the last answer (received before: %d)%n",
                3 * perDevice, Duration.between(start, decided).toMillis(), Duration.between(start, last).toMillis(),
                3 * perDevice / seconds, Math.max(0, Duration.between(decided, last).toMillis()), before);
    }

    // ---- helpers ----

    /** A series of the api's Prometheus scrape (management interface), 0 when absent. */
    private static double metric(String prefix) {
        String metrics = io.consentry.testing.Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    private static String api(Tenants.WithAdmin t) {
        return "/api/v1/tenants/" + t.slug() + "/webhooks";
    }

    /** Subscribes the receiver's {@code path}; the receiver accepts deliveries signed with the secret shown once. */
    private static String subscribe(Tenants.WithAdmin t, String path, List<String> types) {
        String secret = given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(path), "eventTypes", types, "description", "test receiver"))
                .post(api(t) + "/subscriptions").then().statusCode(201)
                .body("active", equalTo(true)).body("eventTypes", equalTo(types)).extract().path("secret");
        assertThat(secret).startsWith("whsec_");
        receiver.accept(path, secret);
        return secret;
    }

    private static String subscriptionId(Tenants.WithAdmin t) {
        return given().auth().oauth2(t.admin()).get(api(t) + "/subscriptions").then().statusCode(200).extract().path("[0].id");
    }

    private static void refused(Tenants.WithAdmin t, Map<String, Object> body, String code) {
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON).body(body).post(api(t) + "/subscriptions")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo(code));
    }

    private static void notFound(Response response, String code) {
        response.then().statusCode(404).contentType("application/problem+json").body("code", equalTo(code));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitDelivery(Tenants.WithAdmin t, String query, Predicate<Map<String, Object>> match)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, Object>> found = given().auth().oauth2(t.admin()).get(api(t) + "/deliveries" + query)
                    .then().statusCode(200).extract().path("$");
            for (Map<String, Object> d : found) {
                if (match.test(d)) {
                    return d;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No delivery matching " + query + " within " + WITHIN);
    }

    private static String subjectWithPin(Tenants.WithAdmin t, String pin) {
        String ref = "person-" + UUID.randomUUID();
        String subject = given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Map.of("externalRef", ref, "displayName", "Person " + ref))
                .post("/api/v1/tenants/" + t.slug() + "/subjects").then().statusCode(201).extract().path("id");
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON).body(Map.of("subjectId", subject, "kind", "PIN", "pin", pin))
                .post("/api/v1/tenants/" + t.slug() + "/credentials").then().statusCode(201);
        return subject;
    }

    /** A real PIN decision at a real device of a new site. */
    private static void pinDecision(Tenants.WithAdmin t, String pin) {
        String site = Devices.createSite(t.admin(), t.slug(), "Gate " + pin);
        String token = Devices.token(t.slug(), Devices.register(t.admin(), t.slug(), site, "Gate " + pin));
        String subject = subjectWithPin(t, pin);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("method", "PIN", "subjectId", subject, "pin", pin))
                .post("/api/v1/device/alternative").then().statusCode(200).body("decision", equalTo("GRANTED"));
    }

    private static void heartbeat(String token, String health) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("softwareVersion", "1.0", "health", health))
                .post("/api/v1/device/heartbeat").then().statusCode(200);
    }

    private static String enrolled(Tenants.WithAdmin t, String ref, String selfie) {
        String slug = t.slug();
        String id = Portal.subject(t.admin(), slug, ref);
        String session = Portal.session(t.admin(), slug, id, Portal.contact(slug, ref));
        String hash = given().header("Authorization", "Portal " + session).get("/portal/" + slug + "/purposes")
                .then().extract().path("find { it.code == 'gate-verification' }.notice.contentHash");
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", "gate-verification", "decision", "GRANT", "noticeHash", hash))
                .post("/portal/" + slug + "/decisions").then().statusCode(201);
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo(selfie))
                .post("/portal/" + slug + "/enrolment").then().statusCode(201);
        return id;
    }

    private static AuditEvent decisionEntry(String site) {
        return new AuditEvent(Actor.device("device-test"), "access.pin", null, "access", "GRANTED",
                Map.of("site", site, "device", UUID.randomUUID().toString(), "method", "PIN", "reason", "credential_valid"));
    }

    private static JsonNode data(WebhookReceiver.Received r) throws Exception {
        return JSON.readTree(r.body()).path("data");
    }

    private static String lastRejection(String path) {
        List<WebhookReceiver.Received> all = receiver.received().stream().filter(r -> r.path().equals(path)).toList();
        return all.get(all.size() - 1).rejection();
    }

    private static int post(String path, String id, String timestamp, String signature, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.url(path)))
                .header("Content-Type", "application/cloudevents+json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (id != null) {
            request.header("Consentry-Event-Id", id);
        }
        if (timestamp != null) {
            request.header("Consentry-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("Consentry-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String hmac(String secret, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }
}
