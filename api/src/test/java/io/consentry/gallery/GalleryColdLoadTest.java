package io.consentry.gallery;

import io.consentry.consent.GalleryMember;
import io.consentry.face.Template;
import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * Issue 19, item 2: a cold gallery never holds a decision. With {@code consentry.gallery.load-wait} at 0 the first
 * identification of a cold tenant answers FALLBACK_REQUIRED {@code gallery_loading} (recorded in its audit entry) while
 * the gallery loads in the background, and once the load is over the same face is GRANTED. Concurrent first searches
 * share one load; a change that arrives during a load is not lost; a failed load is not remembered. The tests wait for
 * loads on {@link IdentificationGalleries#awaitLoads} (the condition itself), never on a guessed pause.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@TestProfile(NoGalleryLoadWait.class)
class GalleryColdLoadTest {

    private static final Duration LOAD = Duration.ofSeconds(60);

    @Inject
    Keycloak keycloak;
    @Inject
    IdentificationGalleries galleries;

    @Test
    void aColdTenantsFirstIdentificationIsSentToTheAlternativesAndTheNextIsServedFromTheLoadedGallery() {
        GalleryWorld mall = GalleryWorld.create(keycloak, "cold-mall");
        double loads = GalleryWorld.metric("consentry_gallery_loads_total");
        double loading = GalleryWorld.metric("consentry_gallery_loading_total");

        String entry = mall.identify("obama_3.jpg").then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo(IdentificationGalleries.LOADING))
                .body("subjectId", nullValue()).body("score", nullValue()).body("allowedMethods", hasItem("PIN"))
                .extract().path("auditEntryId");
        assertThat(auditReason(mall, entry)).as("the audit entry records why").isEqualTo(IdentificationGalleries.LOADING);
        assertThat(GalleryWorld.metric("consentry_gallery_loading_total")).isEqualTo(loading + 1);

        assertThat(galleries.awaitLoads(LOAD)).as("the background load finished").isTrue();
        assertThat(GalleryWorld.metric("consentry_gallery_loads_total")).isEqualTo(loads + 1);
        mall.identify("obama_2.jpg").then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("reason", equalTo("face_match")).body("subjectId", equalTo(mall.member()));
    }

    @Test
    void concurrentFirstIdentificationsOfAColdTenantStartOneLoad() throws Exception {
        GalleryWorld bank = GalleryWorld.create(keycloak, "cold-bank");
        double loads = GalleryWorld.metric("consentry_gallery_loads_total");
        ExecutorService gates = Executors.newFixedThreadPool(4);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(gates.submit((Callable<Response>) () -> bank.identify("obama_3.jpg")));
            }
            for (Future<Response> answer : answers) {
                Response r = answer.get(2, TimeUnit.MINUTES);
                r.then().statusCode(200);
                // Those that came before the load finished are sent to the alternatives; nobody is ever someone else.
                if (!"GRANTED".equals(r.path("decision"))) {
                    r.then().body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo(IdentificationGalleries.LOADING));
                } else {
                    r.then().body("subjectId", equalTo(bank.member()));
                }
            }
        } finally {
            gates.shutdownNow();
        }
        assertThat(galleries.awaitLoads(LOAD)).isTrue();
        assertThat(GalleryWorld.metric("consentry_gallery_loads_total")).as("one load for all of them").isEqualTo(loads + 1);
        bank.identify("obama_2.jpg").then().statusCode(200).body("decision", equalTo("GRANTED")).body("subjectId", equalTo(bank.member()));
    }

    @Test
    void concurrentSearchesWaitingForTheSameColdGalleryRunItsLoaderOnce() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID purpose = UUID.randomUUID();
        List<Template> templates = GalleryFootprintTest.templates(50, 512, 11);
        List<GalleryMember> members = GalleryFootprintTest.members(templates);
        Template probe = templates.get(3);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Supplier<List<GalleryMember>> loader = () -> {
            calls.incrementAndGet();
            await(release);
            return members;
        };
        ExecutorService gates = Executors.newFixedThreadPool(8);
        try {
            List<Future<GallerySearch>> found = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                found.add(gates.submit(() -> galleries.search(tenant, purpose, probe, null, loader)));
            }
            for (Future<GallerySearch> f : found) {
                assertThat(f.get(1, TimeUnit.MINUTES).unavailable()).isEqualTo(IdentificationGalleries.LOADING);
            }
        } finally {
            gates.shutdownNow();
        }
        release.countDown();
        assertThat(galleries.awaitLoads(LOAD)).isTrue();
        assertThat(calls).as("one load, shared").hasValue(1);
        GallerySearch served = galleries.search(tenant, purpose, probe, null, loader);
        assertThat(served.unavailable()).isNull();
        assertThat(served.best()).map(GalleryMatch::subjectId).contains(members.get(3).subjectId());
        assertThat(calls).as("served from the loaded gallery").hasValue(1);
    }

    @Test
    void aWithdrawalAndAnEnrolmentThatArriveDuringALoadAreNotLost() {
        UUID tenant = UUID.randomUUID();
        UUID purpose = UUID.randomUUID();
        List<Template> faces = GalleryFootprintTest.templates(40, 512, 13);
        List<GalleryMember> before = GalleryFootprintTest.members(faces);
        GalleryMember alice = before.get(1);
        Template aliceFace = faces.get(1);
        Template bobFace = GalleryFootprintTest.templates(1, 512, 14).get(0);
        GalleryMember bob = GalleryFootprintTest.members(List.of(bobFace)).get(0);
        List<GalleryMember> after = new ArrayList<>(before.stream().filter(m -> !m.subjectId().equals(alice.subjectId())).toList());
        after.add(bob);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        // The first load reads its snapshot (alice still in, bob not yet), then the changes commit before it is published.
        Supplier<List<GalleryMember>> loader = () -> {
            if (calls.incrementAndGet() == 1) {
                started.countDown();
                await(release);
                return before;
            }
            return after;
        };
        assertThat(galleries.search(tenant, purpose, aliceFace, null, loader).unavailable()).isEqualTo(IdentificationGalleries.LOADING);
        await(started);
        galleries.invalidate(tenant, alice.subjectId()); // alice withdrew
        galleries.invalidate(tenant, bob.subjectId());   // bob enrolled
        release.countDown();
        assertThat(galleries.awaitLoads(LOAD)).isTrue();

        // The gallery published from the old snapshot never finds alice, and knows it is stale.
        assertThat(galleries.holds(tenant, purpose, alice.subjectId())).isFalse();
        assertThat(galleries.stale(tenant, purpose)).isTrue();
        GallerySearch meanwhile = galleries.search(tenant, purpose, aliceFace, null, loader);
        assertThat(meanwhile.unavailable()).as("the stale gallery, without the changed subjects, is searched meanwhile").isNull();
        assertThat(meanwhile.best().map(GalleryMatch::subjectId).filter(alice.subjectId()::equals)).isEmpty();
        // That search started the reload, which brings bob in.
        assertThat(galleries.awaitLoads(LOAD)).isTrue();
        assertThat(calls).hasValue(2);
        assertThat(galleries.stale(tenant, purpose)).isFalse();
        assertThat(galleries.search(tenant, purpose, bobFace, null, loader).best()).map(GalleryMatch::subjectId)
                .contains(bob.subjectId());
        assertThat(galleries.holds(tenant, purpose, alice.subjectId())).isFalse();
    }

    @Test
    void aFailedLoadIsNotRememberedAndTheNextIdentificationLoadsAgain() {
        UUID tenant = UUID.randomUUID();
        UUID purpose = UUID.randomUUID();
        List<Template> templates = GalleryFootprintTest.templates(30, 512, 17);
        List<GalleryMember> members = GalleryFootprintTest.members(templates);
        Template probe = templates.get(0);
        AtomicInteger calls = new AtomicInteger();
        // Each load waits for the test: one this small could otherwise end before the search answers.
        CountDownLatch firstLoad = new CountDownLatch(1);
        CountDownLatch reload = new CountDownLatch(1);
        Supplier<List<GalleryMember>> loader = () -> {
            if (calls.incrementAndGet() == 1) {
                await(firstLoad);
                throw new IllegalStateException("tenant keyset could not be opened"); // e.g. the key service was unreachable
            }
            await(reload);
            return members;
        };
        double failures = GalleryWorld.metric("consentry_gallery_load_failures_total");
        assertThat(galleries.search(tenant, purpose, probe, null, loader).unavailable()).isEqualTo(IdentificationGalleries.LOADING);
        firstLoad.countDown();
        assertThat(galleries.awaitLoads(LOAD)).isTrue();
        assertThat(GalleryWorld.metric("consentry_gallery_load_failures_total")).isEqualTo(failures + 1);
        assertThat(galleries.resident(tenant, purpose)).isFalse();

        // Not remembered: the next search starts a new load instead of answering from the failure.
        assertThat(galleries.search(tenant, purpose, probe, null, loader).unavailable()).isEqualTo(IdentificationGalleries.LOADING);
        reload.countDown();
        assertThat(galleries.awaitLoads(LOAD)).isTrue();
        assertThat(calls).hasValue(2);
        GallerySearch served = galleries.search(tenant, purpose, probe, null, loader);
        assertThat(served.unavailable()).isNull();
        assertThat(served.best()).map(GalleryMatch::subjectId).contains(members.get(0).subjectId());
    }

    private static String auditReason(GalleryWorld world, String entryId) {
        return given().auth().oauth2(world.admin()).queryParam("action", "access.face_1_n")
                .get("/api/v1/tenants/" + world.tenant() + "/audit").then().statusCode(200)
                .extract().path("items.find { it.id == '" + entryId + "' }.details.reason");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(2, TimeUnit.MINUTES)) {
                throw new AssertionError("the test's latch was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
