package io.consentry.biometric;

import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up warm-up runs a gallery load's own code to the end: every synthetic template it sealed opens under its
 * binding, parses for the configured pack, is quantised and indexed (a failure anywhere would leave some out or throw).
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class VaultWarmUpTest {

    @Inject
    VaultWarmUp warmUp;

    @Test
    void theWarmUpOpensAndIndexesEverySyntheticTemplate() throws Exception {
        VaultWarmUp.Result done = warmUp.run();
        assertThat(done.templates()).isEqualTo(VaultWarmUp.ROUNDS * VaultWarmUp.TEMPLATES);
        assertThat(warmUp.result()).isEqualTo(done);
    }
}
