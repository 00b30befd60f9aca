package io.consentry.face.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {
    @Test
    void separableScoresGiveZeroEerAndFullAccuracy() {
        float[] g = {0.8f, 0.7f, 0.9f, 0.6f};
        float[] im = {0.1f, 0.2f, 0.0f, 0.3f};
        assertThat(Metrics.eer(g, im).eer()).isEqualTo(0.0);
        Metrics.AtFar r = Metrics.tarAtFar(g, im, 0.25);
        assertThat(r.tar()).isEqualTo(1.0);
        assertThat(r.far()).isLessThanOrEqualTo(0.25);
        float[] s = {0.8f, 0.7f, 0.9f, 0.6f, 0.1f, 0.2f, 0.0f, 0.3f};
        boolean[] same = {true, true, true, true, false, false, false, false};
        int[] fold = {1, 2, 1, 2, 1, 2, 1, 2};
        assertThat(Metrics.kFoldAccuracy(s, same, fold)[0]).isEqualTo(1.0);
        float t = Metrics.bestThreshold(s, same);
        assertThat(t).isBetween(0.3f, 0.6f);
    }

    @Test
    void tarAtFarCountsAllowedImpostors() {
        float[] im = new float[1000];
        for (int i = 0; i < im.length; i++) {
            im[i] = i / 1000f;
        }
        float[] g = {0.995f, 0.9985f, 0.5f};
        Metrics.AtFar r = Metrics.tarAtFar(g, im, 0.002); // 2 impostors allowed: 0.998, 0.999
        assertThat(r.far()).isEqualTo(0.002);
        assertThat(r.tar()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
