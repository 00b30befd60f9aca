package io.consentry.consent;

import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.consentry.testing.TestPhotos.photo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement for the issue note, not a timed assertion: enrolment latency through the HTTP API (engine with
 * liveness + encryption + insert + audit), a bounded loop over the single-person test photos after a warm-up.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class EnrolmentLatencyTest {

    @Inject
    Keycloak keycloak;

    @Test
    void enrolmentLatencyThroughTheApi() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "BANK");
        String session = t.session(t.createSubject("latency"));
        t.decide(session, "counter-verification", "GRANT").then().statusCode(201);
        // One person's photos: every enrolment after the first is compared with the enrolled face (at the limit of
        // three templates, each new one replaces the oldest), which is what a subject's later enrolments cost.
        String[] names = {"obama_1.jpg", "obama_2.jpg", "obama_3.jpg", "obama_4.jpg", "obama_5_480p.jpg"};
        List<byte[]> photos = java.util.Arrays.stream(names).map(io.consentry.testing.TestPhotos::photo).toList();
        java.util.ArrayDeque<String> templates = new java.util.ArrayDeque<>();
        for (int i = 0; i < 3; i++) {
            templates.add(t.enrol(session, photos.get(i)).then().statusCode(201).extract().path("templateId"));
        }
        int rounds = Integer.getInteger("consentry.latency.rounds", 30);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            byte[] image = photos.get(i % photos.size());
            long started = System.nanoTime();
            var response = io.restassured.RestAssured.given().header("Authorization", "Portal " + session).contentType("image/jpeg")
                    .queryParam("replaces", templates.peekFirst()).body(image).post(t.portal("/enrolment"));
            micros.add((System.nanoTime() - started) / 1000);
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
            templates.pollFirst();
            templates.add(response.path("templateId"));
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("[enrolment latency] n=%d p50=%.1f ms p95=%.1f ms max=%.1f ms (photos %s)%n", rounds,
                percentile(sorted, 50) / 1000.0, percentile(sorted, 95) / 1000.0, sorted[sorted.length - 1] / 1000.0,
                Arrays.toString(names));
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
