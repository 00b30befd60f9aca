package io.consentry.ui;

import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.consentry.testing.WebhookReceiver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The webhooks journey in Debian Chromium (ui/e2e/webhooks.e2e.mjs) against a real receiver on 127.0.0.1: the admin
 * subscribes a working and a failing receiver (secrets shown once, set in the receiver), a PIN decision at a real
 * device is delivered to one and dead-lettered for the other, and the admin redelivers the dead letter once its
 * receiver is back. Screenshots: api/target/ui-screenshots/webhooks-*.png.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class WebhooksJourneyTest {

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL base;

    @Test
    void adminSeesDeliveriesAndRedeliversADeadLetter() throws Exception {
        BrowserRun.requireChromium();
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("wh-ui");
        Tenants.create(operator, slug, "COMPOUND");
        String user = "admin-" + slug;
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, user, password, "tenant-admin");
        BrowserRun.allowConsoleRedirects(keycloak, slug, base);
        String admin = Users.signIn(slug, user, password);
        String api = "/api/v1/tenants/" + slug;

        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.fail("/bank", true);
            // The gate: once both subscriptions exist (made in the browser), a resident is let in by PIN.
            CompletableFuture<Void> gate = CompletableFuture.runAsync(() -> {
                Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
                while (Instant.now().isBefore(deadline)) {
                    List<?> subs = given().auth().oauth2(admin).get(api + "/webhooks/subscriptions").then().statusCode(200).extract().path("$");
                    if (subs.size() == 2) {
                        decision(admin, slug);
                        return;
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                throw new AssertionError("The journey did not create the two subscriptions");
            });

            BrowserRun.run("webhooks.e2e.mjs", base, Map.of("E2E_TENANT", slug, "E2E_ADMIN_USER", user, "E2E_ADMIN_PASSWORD", password,
                    "E2E_RECEIVER_OK", receiver.url("/turnstiles"), "E2E_RECEIVER_FAIL", receiver.url("/bank"),
                    "E2E_RECEIVER_SETTINGS", receiver.url(WebhookReceiver.SETTINGS)));
            gate.get();

            // What the browser showed is what the receiver got: verified deliveries of the one decision to both.
            List<WebhookReceiver.Received> accepted = receiver.received().stream()
                    .filter(r -> r.status() == 204 && r.body().contains("io.consentry.decision.made")).toList();
            assertThat(accepted).extracting(WebhookReceiver.Received::path).containsExactlyInAnyOrder("/turnstiles", "/bank");
            assertThat(accepted).allSatisfy(r -> assertThat(r.rejection()).isNull());
            assertThat(accepted.get(0).eventId()).isEqualTo(accepted.get(1).eventId());
            assertThat(receiver.received().stream().filter(r -> r.path().equals("/bank") && r.status() == 500)).hasSize(3);
            given().auth().oauth2(admin).get(api + "/webhooks/deliveries?status=DEAD").then().statusCode(200).body("size()", equalTo(0));
            given().auth().oauth2(admin).get(api + "/audit?action=webhook.redelivered").then().statusCode(200).body("items.size()", equalTo(1));
        }
    }

    private static void decision(String admin, String slug) {
        String site = Devices.createSite(admin, slug, "North gate");
        String token = Devices.token(slug, Devices.register(admin, slug, site, "North turnstile"));
        String ref = "resident-" + UUID.randomUUID();
        String subject = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("externalRef", ref, "displayName", "Resident"))
                .post("/api/v1/tenants/" + slug + "/subjects").then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("subjectId", subject, "kind", "PIN", "pin", "135790"))
                .post("/api/v1/tenants/" + slug + "/credentials").then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("method", "PIN", "subjectId", subject, "pin", "135790"))
                .post("/api/v1/device/alternative").then().statusCode(200).body("decision", equalTo("GRANTED"));
    }
}
