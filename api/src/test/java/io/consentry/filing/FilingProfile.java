package io.consentry.filing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The filing test's application: a threshold of two people, so that a test reaches it with two enrolments. */
public class FilingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("consentry.filing.threshold", "2");
    }
}
