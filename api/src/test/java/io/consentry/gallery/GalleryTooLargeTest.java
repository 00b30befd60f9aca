package io.consentry.gallery;

import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * A replica whose budget cannot hold a tenant's gallery answers the device with FALLBACK_REQUIRED and the documented
 * reason {@code gallery_too_large_for_replica}, so that the gate offers its alternatives; it holds nothing.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@TestProfile(SmallerThanAGalleryBudget.class)
class GalleryTooLargeTest {

    @Inject
    Keycloak keycloak;
    @Inject
    IdentificationGalleries galleries;

    @Test
    void theDeviceIsSentToTheAlternativesWithTheReason() {
        GalleryWorld world = GalleryWorld.create(keycloak, "too-large");
        world.identify("obama_3.jpg").then().statusCode(200).body("decision", equalTo("FALLBACK_REQUIRED"))
                .body("reason", equalTo(IdentificationGalleries.TOO_LARGE)).body("subjectId", nullValue())
                .body("allowedMethods", org.hamcrest.Matchers.hasItem("PIN"));
        // Remembered until the gallery changes: the second search is refused without decrypting it again.
        double loads = GalleryWorld.metric("consentry_gallery_loads_total");
        world.identify("obama_2.jpg").then().statusCode(200).body("reason", equalTo(IdentificationGalleries.TOO_LARGE));
        assertThat(GalleryWorld.metric("consentry_gallery_loads_total")).isEqualTo(loads);
        assertThat(galleries.bytesInUse()).isZero();
    }
}
