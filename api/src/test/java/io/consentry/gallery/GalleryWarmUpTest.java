package io.consentry.gallery;

import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up warm-up runs a whole load and search of its own: each synthetic gallery finds the member searched for,
 * and the replica's galleries are untouched by it (nothing resident, nothing counted against the budget).
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class GalleryWarmUpTest {

    @Inject
    GalleryWarmUp warmUp;
    @Inject
    IdentificationGalleries galleries;

    @Test
    void theWarmUpLoadsAndSearchesItsOwnGalleriesOnly() {
        long before = galleries.bytesInUse();
        assertThat(warmUp.run()).isEqualTo(GalleryWarmUp.ROUNDS);
        assertThat(galleries.bytesInUse()).isEqualTo(before);
    }
}
