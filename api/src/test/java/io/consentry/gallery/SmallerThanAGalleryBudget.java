package io.consentry.gallery;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A replica whose budget (512 KiB) is smaller than any gallery: every 1:N search must be refused, not served. */
public class SmallerThanAGalleryBudget implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("consentry.gallery.memory-budget", "512K");
    }
}
