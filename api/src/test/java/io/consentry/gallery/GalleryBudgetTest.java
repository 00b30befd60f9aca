package io.consentry.gallery;

import io.consentry.consent.GalleryMember;
import io.consentry.face.Template;
import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.Keycloak;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Issue 19, item 2: the galleries of one replica stay within its byte budget. With room for one small gallery, two
 * tenants' galleries cannot both stay: the one searched least recently goes, the metrics say so, and identification
 * in the evicted tenant still answers correctly after its gallery reloads — including a withdrawal that committed
 * while it was out. A gallery larger than the whole budget is refused with its own reason instead of evicting everyone.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@TestProfile(TinyGalleryBudget.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GalleryBudgetTest {

    private static GalleryWorld mall;
    private static GalleryWorld bank;

    @Inject
    Keycloak keycloak;
    @Inject
    IdentificationGalleries galleries;

    @Test
    @Order(1)
    void theLeastRecentlyUsedGalleryIsEvictedAndReloadsCorrectly() {
        mall = GalleryWorld.create(keycloak, "lru-mall");
        bank = GalleryWorld.create(keycloak, "lru-bank");
        assertThat(galleries.budget()).isEqualTo(TinyGalleryBudget.BYTES);
        assertThat(GalleryWorld.metric("consentry_gallery_budget_bytes")).isEqualTo(TinyGalleryBudget.BYTES);
        double evictions = GalleryWorld.metric("consentry_gallery_evictions_total");
        double loads = GalleryWorld.metric("consentry_gallery_loads_total");
        double hits = GalleryWorld.metric("consentry_gallery_hits_total");

        mall.identify("obama_3.jpg").then().statusCode(200).body("decision", equalTo("GRANTED")).body("subjectId", equalTo(mall.member()));
        mall.identify("obama_2.jpg").then().statusCode(200).body("decision", equalTo("GRANTED"));
        assertThat(GalleryWorld.metric("consentry_gallery_hits_total")).isEqualTo(hits + 1);
        long oneGallery = galleries.bytesInUse();
        assertThat(oneGallery).isPositive().isLessThanOrEqualTo(galleries.budget());
        assertThat(2 * oneGallery).as("two such galleries do not fit").isGreaterThan(galleries.budget());

        // The bank's first identification needs room: the mall's gallery, used least recently, goes.
        bank.identify("obama_3.jpg").then().statusCode(200).body("decision", equalTo("GRANTED")).body("subjectId", equalTo(bank.member()));
        assertThat(GalleryWorld.metric("consentry_gallery_evictions_total")).isEqualTo(evictions + 1);
        assertThat(GalleryWorld.metric("consentry_gallery_loads_total")).isEqualTo(loads + 2);
        assertThat(galleries.bytesInUse()).isLessThanOrEqualTo(galleries.budget());
        assertThat(GalleryWorld.metric("consentry_gallery_bytes")).isLessThanOrEqualTo(TinyGalleryBudget.BYTES);

        // The mall's next identification reloads its gallery (evicting the bank's) and finds the same member.
        mall.identify("obama_3.jpg").then().statusCode(200).body("decision", equalTo("GRANTED")).body("subjectId", equalTo(mall.member()));
        assertThat(GalleryWorld.metric("consentry_gallery_evictions_total")).isEqualTo(evictions + 2);
        assertThat(GalleryWorld.metric("consentry_gallery_loads_total")).isEqualTo(loads + 3);
        assertThat(galleries.bytesInUse()).isLessThanOrEqualTo(galleries.budget());
    }

    @Test
    @Order(2)
    void aWithdrawalWhileTheGalleryIsEvictedIsNotLost() {
        // The mall's gallery is resident; the bank's was evicted. The bank's member withdraws meanwhile.
        bank.withdraw();
        bank.identify("obama_3.jpg").then().statusCode(200).body("decision", equalTo("FALLBACK_REQUIRED"))
                .body("reason", equalTo("no_match")).body("subjectId", nullValue());
        assertThat(galleries.bytesInUse()).isLessThanOrEqualTo(galleries.budget());
        // And the mall, evicted by that reload, still identifies its member.
        mall.identify("obama_3.jpg").then().statusCode(200).body("decision", equalTo("GRANTED")).body("subjectId", equalTo(mall.member()));
    }

    @Test
    @Order(3)
    void aGalleryLargerThanTheWholeBudgetIsRefusedWithoutEvictingTheOthers() {
        double evictions = GalleryWorld.metric("consentry_gallery_evictions_total");
        double refusals = GalleryWorld.metric("consentry_gallery_refusals_total");
        long before = galleries.bytesInUse();
        // 3,000 templates need two index blocks and their vectors: well over 800 KiB.
        List<Template> templates = GalleryFootprintTest.templates(3_000, 512, 3);
        List<GalleryMember> members = GalleryFootprintTest.members(templates);
        Template probe = templates.get(0);
        GallerySearch found = galleries.search(UUID.randomUUID(), UUID.randomUUID(), probe, null, () -> members);
        assertThat(found.unavailable()).isEqualTo(IdentificationGalleries.TOO_LARGE);
        assertThat(found.best()).isEmpty();
        assertThat(GalleryWorld.metric("consentry_gallery_refusals_total")).isEqualTo(refusals + 1);
        assertThat(GalleryWorld.metric("consentry_gallery_evictions_total")).as("nobody was evicted for it").isEqualTo(evictions);
        assertThat(galleries.bytesInUse()).isEqualTo(before).isLessThanOrEqualTo(galleries.budget());
        mall.identify("obama_3.jpg").then().statusCode(200).body("decision", equalTo("GRANTED"));
    }
}
