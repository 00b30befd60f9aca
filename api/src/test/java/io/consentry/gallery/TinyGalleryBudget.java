package io.consentry.gallery;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * A replica whose galleries share 800 KiB: one small gallery (about 523 KiB: the index reserves a block of 2,048
 * templates of 256 bytes of codes each) fits, two do not.
 */
public class TinyGalleryBudget implements QuarkusTestProfile {

    static final long BYTES = 800 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("consentry.gallery.memory-budget", "800K");
    }
}
