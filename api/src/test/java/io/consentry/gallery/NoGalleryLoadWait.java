package io.consentry.gallery;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A replica whose identifications never wait for a gallery's load: a cold gallery answers gallery_loading at once. */
public class NoGalleryLoadWait implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("consentry.gallery.load-wait", "PT0S");
    }
}
