package io.consentry.face;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The two-recogniser pack the build assembles (base models plus the converted dlib recogniser), used end to end. */
class FusedPackTest {
    static Path fusedPack() {
        return Path.of(System.getProperty("consentry.fused.pack-dir", "target/model-packs/faceplugin-dlib-0.1"));
    }

    @Test
    void fusedPackTemplatesCarryBothVectors() {
        try (FaceEngine e = FaceEngine.load(fusedPack())) {
            Face a = e.analyzeSingle(TestData.face("obama_1.jpg"), AnalyzeOptions.defaults().withPick(Pick.LARGEST));
            Face b = e.analyzeSingle(TestData.face("obama_2.jpg"), AnalyzeOptions.defaults().withPick(Pick.LARGEST));
            Face c = e.analyzeSingle(TestData.face("biden_1.jpg"), AnalyzeOptions.defaults().withPick(Pick.LARGEST));
            assertThat(a.template().vectorCount()).isEqualTo(2);
            assertThat(a.template().vector(1)).hasSize(128);
            float same1 = a.template().similarity(b.template(), 1), diff1 = a.template().similarity(c.template(), 1);
            System.out.printf("[fused] dlib cosine obama/obama %.3f, obama/biden %.3f; fused %.3f / %.3f%n", same1, diff1,
                    e.score(a.template(), b.template()), e.score(a.template(), c.template()));
            // dlib descriptors are not zero-centred: impostor cosines are high (~0.8), genuine ones higher
            assertThat(same1).isGreaterThan(diff1 + 0.05f);
            assertThat(e.score(a.template(), b.template())).isGreaterThan(e.score(a.template(), c.template()));
            // the pack's calibrated fused thresholds decide both pairs correctly
            assertThat(e.decision().decide(a.template(), b.template(), 1e-3).match()).isTrue();
            assertThat(e.decision().decide(a.template(), c.template(), 1e-3).match()).isFalse();
            assertThat(e.parseTemplate(a.template().toBytes())).isEqualTo(a.template());
        }
    }
}
