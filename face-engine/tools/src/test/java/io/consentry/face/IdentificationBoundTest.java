package io.consentry.face;

import io.consentry.face.eval.Binomial;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's {@code IdentificationTest} cannot use {@code eval.Binomial} (it lives here, in the tools), so it states
 * its FPIR bound as a binomial tail: at a true FPIR of 1 %, as many false positives or more have a probability of at
 * least 2.5 %. That is the same test as the lower end of the exact 95 % interval being at or below 1 %, which it
 * asserted before the split; this checks the two agree on every count the test can see.
 */
class IdentificationBoundTest {

    @Test
    void theEnginesTailBoundIsTheClopperPearsonLowerEnd() {
        int disagreements = 0, checked = 0, withinTarget = 0;
        for (int n = 300; n <= 1_200; n += 7) {
            for (int k = 0; k <= 40; k++) {
                boolean clopperPearson = Binomial.ci95(k, n)[0] <= 0.01;
                boolean tail = IdentificationTest.atLeast(k, n, 0.01) >= 0.025;
                withinTarget += clopperPearson ? 1 : 0;
                if (clopperPearson != tail) {
                    disagreements++;
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(5_000);
        assertThat(withinTarget).as("both answers occur").isBetween(1, checked - 1);
        assertThat(disagreements).isZero();
    }
}
