package io.consentry.core.engine;

import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Image analysis within its limits on the real engine: an image over the pixel limit is refused from its header, and
 * concurrent analyses never reserve more native memory than the budget. The engine view is the route used: it decodes
 * what its admin sends once that admin is a consenting subject (it analyses only their own face), so each test's admin
 * is one.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class DecodeBudgetTest {

    @Inject
    Keycloak keycloak;
    @Inject
    DecodeBudget budget;

    @ConfigProperty(name = "consentry.engine.decode-budget-mb")
    long budgetMb;
    @ConfigProperty(name = "consentry.engine.max-pixels")
    long maxPixels;

    @Test
    void anImageOverThePixelLimitIsRefusedBeforeDecoding() throws Exception {
        Tenants.WithAdmin t = consentingAdmin("pixels");
        // 13 megapixels in a few kilobytes: a single-colour PNG is the cheapest way to ask for a lot of memory.
        byte[] big = png(5200, 2500);
        assertThat((long) 5200 * 2500).isGreaterThan(maxPixels);
        long before = budget.inUseKiB();
        Response r = given().auth().oauth2(t.admin()).contentType("image/png").body(big)
                .post("/api/v1/tenants/" + t.slug() + "/engine/analysis");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(413);
        assertThat((String) r.path("code")).isEqualTo("image_too_large");
        assertThat(budget.inUseKiB()).isEqualTo(before);
    }

    @Test
    void concurrentAnalysesStayWithinTheNativeMemoryBudget() throws Exception {
        Tenants.WithAdmin t = consentingAdmin("budget");
        byte[] large = png(4000, 2900); // 11.6 MP: about 90 MiB of native memory each, 4 fit in 384 MiB
        int parallel = 6;
        AtomicLong peak = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(budget.inUseKiB(), Math::max);
                Thread.onSpinWait();
            }
        });
        sampler.start();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                calls.add(pool.submit(() -> given().auth().oauth2(t.admin()).contentType("image/png").body(large)
                        .post("/api/v1/tenants/" + t.slug() + "/engine/analysis")));
            }
            for (Future<Response> call : calls) {
                Response r = call.get();
                // a blank picture has no face: analysed (200, no faces) or refused as unusable (422); never a 5xx
                assertThat(r.statusCode()).as(r.asString()).isIn(200, 422);
            }
        } finally {
            running.set(false);
            sampler.join();
            pool.shutdownNow();
        }
        assertThat(peak.get()).as("native memory reserved at the peak, KiB").isPositive().isLessThanOrEqualTo(budgetMb * 1024);
        assertThat(budget.inUseKiB()).isZero();
    }

    /** A tenant whose admin consented to gate verification as its subject and enrolled their face. */
    private Tenants.WithAdmin consentingAdmin(String prefix) {
        String slug = Tenants.createWithAdmin(keycloak, prefix, "COMPOUND").slug();
        return new Tenants.WithAdmin(slug, Portal.adminWhoConsentedAsASubject(keycloak, slug, "admin-" + slug, "obama_1.jpg"));
    }

    private static byte[] png(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        return out.toByteArray();
    }
}
