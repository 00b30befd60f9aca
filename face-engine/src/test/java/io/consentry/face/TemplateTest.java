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
    void rejectsAVectorThatIsNotFiniteOrNotUnitLengthEvenWithAValidChecksum() {
        float[] unit = Template.of("p", "1", randomVec(new Random(5), 128), 0.5f).vector();
        assertThat(Template.parse(singleVectorBlob(unit)).vector()).containsExactly(unit);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE}) {
            for (int at : new int[] {0, 61, 127}) { // every lane of the sum, and the last value
                float[] v = unit.clone();
                v[at] = bad;
                assertThatThrownBy(() -> Template.parse(singleVectorBlob(v))).isInstanceOfSatisfying(FaceEngineException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TEMPLATE));
            }
        }
        float[] longer = unit.clone();
        for (int i = 0; i < longer.length; i++) {
            longer[i] *= 1.01f;
        }
        assertThatThrownBy(() -> Template.parse(singleVectorBlob(longer))).hasMessageContaining("not unit length");
        float[] odd = Template.of("p", "1", randomVec(new Random(6), 131), 0.5f).vector(); // a dimension not a multiple of 4
        odd[130] *= 3f;
        assertThatThrownBy(() -> Template.parse(singleVectorBlob(odd))).hasMessageContaining("not unit length");
    }

    /** A well-formed single-vector blob of pack "p" version "1" for any values (its checksum recomputed). */
    private static byte[] singleVectorBlob(float[] v) {
        byte[] b = Template.of("p", "1", randomVec(new Random(7), v.length), 0.5f).toBytes();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b); // big-endian, as the format
        int first = 4 + 1 + 1 + 1 + 1 + 2 + 4; // magic, id length, "p", version length, "1", dimension, quality
        for (int i = 0; i < v.length; i++) {
            buffer.putFloat(first + 4 * i, v[i]);
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 0, b.length - 4);
        buffer.putInt(b.length - 4, (int) crc.getValue());
        return b;
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

    static Template multi(Random r) {
        return Template.ofMulti("fused-1", "1", java.util.List.of(randomVec(r, 512), randomVec(r, 128)), 0.6f);
    }

    @Test
    void multiVectorTemplatesRoundTripAsVersion2() {
        Template t = multi(new Random(11));
        byte[] b = t.toBytes();
        assertThat(b[3]).isEqualTo((byte) 2);
        assertThat(b.length).isEqualTo(4 + 1 + 7 + 1 + 1 + 1 + 4 + (2 + 4 * 512) + (2 + 4 * 128) + 4);
        Template p = Template.parse(b);
        assertThat(p).isEqualTo(t);
        assertThat(p.vectorCount()).isEqualTo(2);
        assertThat(p.dimension()).isEqualTo(512);
        assertThat(p.vector(1)).hasSize(128);
        assertThat(p.similarity(t, 1)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        // single-vector templates keep the v1 layout byte for byte
        Template one = Template.of("p", "1", randomVec(new Random(12), 512), 0.5f);
        assertThat(one.toBytes()[3]).isEqualTo((byte) 1);
        assertThat(one.toBytes()).hasSize(4 + 1 + 1 + 1 + 1 + 2 + 4 + 4 * 512 + 4);
        byte[] viaMulti = Template.ofMulti("p", "1", java.util.List.of(one.vector()), 0.5f).toBytes();
        assertThat(viaMulti[3]).isEqualTo((byte) 1);
        assertThat(viaMulti).hasSameSizeAs(one.toBytes());
    }

    @Test
    void version2RejectsEveryTruncationBitFlipAndTrailingByte() {
        byte[] b = Template.ofMulti("p", "1", java.util.List.of(randomVec(new Random(13), 24), randomVec(new Random(14), 8)), 0.5f)
                .toBytes();
        for (int n = 0; n < b.length; n++) {
            byte[] cut = Arrays.copyOf(b, n);
            assertThatThrownBy(() -> Template.parse(cut)).isInstanceOf(FaceEngineException.class);
        }
        assertThatThrownBy(() -> Template.parse(Arrays.copyOf(b, b.length + 1))).isInstanceOf(FaceEngineException.class);
        for (int i = 0; i < b.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] c = b.clone();
                c[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> Template.parse(c)).isInstanceOf(FaceEngineException.class);
            }
        }
        byte[] v3 = b.clone();
        v3[3] = 3;
        assertThatThrownBy(() -> Template.parse(v3)).hasMessageContaining("version");
    }

    @Test
    void fusedDecisionNeverComparesAcrossLayoutsOrPacks() {
        Random r = new Random(15);
        Template a = multi(r), b = multi(r);
        Decision d = new Decision("fused-1", java.util.Map.of(1e-3, 1.5f),
                new Decision.Fusion(new double[] {1, 1}, new double[] {0.0, 0.1}, new double[] {0.05, 0.1}));
        float expected = (a.similarity(b, 0) - 0f) / 0.05f + (a.similarity(b, 1) - 0.1f) / 0.1f;
        assertThat(d.score(a, b)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(d.score(a, a)).isGreaterThan(d.score(a, b));
        Template single = Template.of("fused-1", "1", a.vector(), 0.5f);
        assertThatThrownBy(() -> d.score(a, single)).isInstanceOf(FaceEngineException.class);
        assertThatThrownBy(() -> single.similarity(a)).isInstanceOf(FaceEngineException.class);
        Template other = Template.ofMulti("other", "1", java.util.List.of(a.vector(0), a.vector(1)), 0.5f);
        assertThatThrownBy(() -> d.score(a, other)).isInstanceOf(FaceEngineException.class);
    }

    /** A v1 blob written by the previous release (face-engine before template v2) still parses. */
    @Test
    void parsesAVersion1BlobWrittenByThePreviousRelease() {
        byte[] old = java.util.Base64.getDecoder().decode(
                "Q0ZUARBmYWNlcGx1Z2luLTAuMC4xBTAuMC4xAAg/QAAAPdPMk75TzJM+ntlvPtPMk78EX9w/HtlvPVPMk74e2W9ivSTB");
        Template t = Template.parse(old, "faceplugin-0.0.1");
        assertThat(t.vectorCount()).isEqualTo(1);
        assertThat(t.dimension()).isEqualTo(8);
        assertThat(t.quality()).isEqualTo(0.75f);
        assertThat(t.toBytes()).isEqualTo(old);
    }
}
