package io.consentry.face;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {
    static float[] randomVec(Random r, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void roundTripsAndNormalises() {
        Template t = Template.of("faceplugin-0.0.1", "0.0.1", randomVec(new Random(1), 512), 0.7f);
        byte[] b = t.toBytes();
        Template p = Template.parse(b);
        assertThat(p).isEqualTo(t);
        assertThat(p.dimension()).isEqualTo(512);
        assertThat(p.similarity(t)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(Template.parse(b, "faceplugin-0.0.1").packVersion()).isEqualTo("0.0.1");
    }

    @Test
    void rejectsEveryTruncationAndTrailingBytes() {
        byte[] b = Template.of("p", "1", randomVec(new Random(2), 128), 0.5f).toBytes();
        for (int n = 0; n < b.length; n++) {
            byte[] cut = Arrays.copyOf(b, n);
            assertThatThrownBy(() -> Template.parse(cut)).isInstanceOfSatisfying(FaceEngineException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TEMPLATE));
        }
        byte[] longer = Arrays.copyOf(b, b.length + 1);
        assertThatThrownBy(() -> Template.parse(longer)).isInstanceOf(FaceEngineException.class);
    }

    @Test
    void rejectsEverySingleBitFlip() {
        byte[] b = Template.of("p", "1", randomVec(new Random(3), 64), 0.5f).toBytes();
        for (int i = 0; i < b.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] c = b.clone();
                c[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> Template.parse(c)).isInstanceOf(FaceEngineException.class);
            }
        }
    }

    @Test
    void rejectsForeignBlobsAndOtherPacks() {
        assertThatThrownBy(() -> Template.parse("hello world, not a template at all".getBytes()))
                .hasMessageContaining("invalid_template");
        assertThatThrownBy(() -> Template.parse(null)).isInstanceOf(FaceEngineException.class);
        Template a = Template.of("pack-a", "1", randomVec(new Random(4), 32), 0.5f);
        Template b = Template.of("pack-b", "1", randomVec(new Random(5), 32), 0.5f);
        assertThatThrownBy(() -> a.similarity(b)).isInstanceOf(FaceEngineException.class);
        assertThatThrownBy(() -> Template.parse(a.toBytes(), "pack-b")).isInstanceOf(FaceEngineException.class)
                .hasMessageContaining("re-enrol");
        assertThatThrownBy(() -> Template.of("p", "1", new float[8], 0.5f)).isInstanceOf(FaceEngineException.class);
    }

    @Test
    void decisionUsesCalibratedThresholdNeverLooser() {
        Decision d = new Decision("p", java.util.Map.of(0.01, 0.30f, 0.001, 0.36f, 0.0001, 0.42f));
        assertThat(d.threshold(0.001)).isEqualTo(0.36f);
        assertThat(d.threshold(0.005)).isEqualTo(0.36f); // next stricter calibrated point
        assertThat(d.decide(0.37f, 0.001).match()).isTrue();
        assertThat(d.decide(0.35f, 0.001).match()).isFalse();
        assertThatThrownBy(() -> d.threshold(1e-6)).isInstanceOf(IllegalArgumentException.class);
    }
}
