package io.consentry.face.eval;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Clopper–Pearson intervals, FAR fits, and ISO/IEC 30107-3 rates on numbers worked out by hand. */
class CalibrationMathTest {

    @Test
    void clopperPearsonMatchesClosedFormsAndTabulatedValues() {
        // k = 0: upper = 1 - (alpha/2)^(1/n); k = n: lower = (alpha/2)^(1/n)
        double[] zero = Binomial.ci95(0, 10);
        assertThat(zero[0]).isZero();
        assertThat(zero[1]).isCloseTo(1 - Math.pow(0.025, 0.1), within(1e-9));
        assertThat(Binomial.ci95(10, 10)[0]).isCloseTo(Math.pow(0.025, 0.1), within(1e-9));
        // 5 of 10: the tabulated exact interval [0.1871, 0.8129]
        double[] half = Binomial.ci95(5, 10);
        assertThat(half[0]).isCloseTo(0.18709, within(1e-4));
        assertThat(half[1]).isCloseTo(0.81291, within(1e-4));
        // small rates in large denominators: 72 in 7,255,541 is close to the Poisson interval [56.3, 90.7] / n
        double[] rare = Binomial.ci95(72, 7_255_541);
        assertThat(rare[0] * 7_255_541).isCloseTo(56.33, within(0.1));
        assertThat(rare[1] * 7_255_541).isCloseTo(90.66, within(0.1));
    }

    @Test
    void farFitAcceptsAtMostTheAllowedImpostorsAndFlagsUnresolvableRates() {
        float[] imp = new float[1000];
        for (int i = 0; i < imp.length; i++) {
            imp[i] = i / 1000f;
        }
        float[] gen = {0.5f, 0.995f, 2f};
        FarCalibration.Fit f = FarCalibration.fit(imp, gen, 0.01);
        assertThat(f.falseAccepts()).isEqualTo(10);
        assertThat(f.threshold()).isGreaterThan(0.989f).isLessThanOrEqualTo(0.990f);
        assertThat(f.tar()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(f.resolvable()).as("1000 x 1% = 10 expected false accepts < 30").isFalse();
        assertThat(FarCalibration.fit(imp, gen, 0.05).resolvable()).isTrue();
        assertThat(FarCalibration.countAtLeast(imp, 0.5f)).isEqualTo(500);
    }

    @Test
    void padRatesPerSpeciesWorstSpeciesAndTheThresholdForATargetBpcer() {
        float[] bona = {0.2f, 0.6f, 0.7f, 0.8f, 0.9f, 0.95f, 0.97f, 0.98f, 0.99f, Float.NaN};
        PadMetrics m = new PadMetrics(bona, Map.of("print", new float[] {0.1f, 0.3f, 0.65f, Float.NaN},
                "screen", new float[] {0.05f, 0.9f}));
        // NaN is never accepted: a bona fide error, a correct rejection of an attack
        assertThat(m.bpcer(0.5f)).isCloseTo(0.2, within(1e-9));
        assertThat(m.apcer("print", 0.5f)).isCloseTo(0.25, within(1e-9));
        assertThat(m.apcer("screen", 0.5f)).isCloseTo(0.5, within(1e-9));
        assertThat(m.apcerMax(0.5f)).isCloseTo(0.5, within(1e-9));
        assertThat(m.apcerPooled(0.5f)).isCloseTo(2 / 6.0, within(1e-9));
        assertThat(m.acer(0.5f)).isCloseTo(0.35, within(1e-9));
        // BPCER <= 20 %: two of ten bona fide may be refused (NaN and 0.2), so the threshold is the third lowest, 0.6
        assertThat(m.thresholdForBpcer(0.2)).isEqualTo(0.6f);
        assertThat(m.bpcer(m.thresholdForBpcer(0.2))).isLessThanOrEqualTo(0.2);
        double[] eer = m.eer();
        assertThat(eer[0]).isBetween(0.0, 1.0);
    }
}
