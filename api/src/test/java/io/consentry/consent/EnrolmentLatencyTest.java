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
        List<byte[]> photos = List.of(photo("obama_1.jpg"), photo("biden_1.jpg"), photo("kit_harington_1.jpg"),
                photo("rose_leslie_1.jpg"), photo("obama_5_480p.jpg"));
        for (int i = 0; i < 3; i++) {
            t.enrol(session, photos.get(i)).then().statusCode(201);
        }
        int rounds = Integer.getInteger("consentry.latency.rounds", 30);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            byte[] image = photos.get(i % photos.size());
            long started = System.nanoTime();
            int status = t.enrol(session, image).statusCode();
            micros.add((System.nanoTime() - started) / 1000);
            assertThat(status).isEqualTo(201);
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("[enrolment latency] n=%d p50=%.1f ms p95=%.1f ms max=%.1f ms (photos %s)%n", rounds,
                percentile(sorted, 50) / 1000.0, percentile(sorted, 95) / 1000.0, sorted[sorted.length - 1] / 1000.0,
                Arrays.toString(new String[]{"obama_1", "biden_1", "kit_harington_1", "rose_leslie_1", "obama_5_480p"}));
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
