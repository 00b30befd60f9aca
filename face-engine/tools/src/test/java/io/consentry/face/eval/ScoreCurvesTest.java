package io.consentry.face.eval;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreCurvesTest {

    @Test
    void histogramsCountEveryPairAndCurvesMoveTheRightWay() {
        float[] genuine = {0.9f, 0.8f, 0.7f, 0.62f, -1f};
        float[] impostor = {0.05f, 0.1f, -0.1f, 0.3f, 0.0f, 0.2f};
        ScoreCurves c = ScoreCurves.of(genuine, impostor, 10, 21);

        assertThat(c.lo()).isEqualTo(-0.1f);
        assertThat(c.hi()).isEqualTo(0.9f);
        assertThat(Arrays.stream(c.genuineHistogram()).sum()).isEqualTo(5);
        assertThat(Arrays.stream(c.impostorHistogram()).sum()).isEqualTo(6);
        assertThat(c.genuineHistogram()[0]).as("the failed pair is counted in the lowest bin").isEqualTo(1);
        assertThat(c.failures()).isEqualTo(1);
        for (int i = 1; i < c.far().length; i++) {
            assertThat(c.far()[i]).isLessThanOrEqualTo(c.far()[i - 1]);
            assertThat(c.frr()[i]).isGreaterThanOrEqualTo(c.frr()[i - 1]);
        }
        assertThat(c.far()[0]).isEqualTo(1.0);
        assertThat(c.frr()[0]).as("only the failed genuine pair is below the lowest threshold").isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void jsonCarriesTheThresholdsOfTheTargetRates() {
        float[] genuine = new float[200], impostor = new float[200];
        for (int i = 0; i < 200; i++) {
            genuine[i] = 0.5f + i / 1000f;
            impostor[i] = i / 1000f;
        }
        String json = ScoreCurves.of(genuine, impostor, 20, 11).toJson("some-pack", "synthetic \"data\"");
        assertThat(json).contains("\"format\": \"consentry-calibration/1\"", "\"packId\": \"some-pack\"",
                "\"data\": \"synthetic \\\"data\\\"\"", "\"genuine\": 200", "\"far\": 0.01, \"threshold\": 0.1970",
                "\"far\": 0.0001", "\"resolvable\": false");
    }
}
