package io.consentry.face;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Flip TTA is the pack's choice, and a caller (a site's policy) can override it per call. */
class FlipTtaOptionTest {
    @Test
    void aCallCanTurnTheTestTimeAugmentationOffOrOn() {
        FaceEngine packDefault = TestData.engine();
        assertThat(packDefault.flipTta()).as("the default pack's model.embed.flip-tta").isTrue();
        byte[] img = TestData.face("rose_leslie_1.jpg");
        AnalyzeOptions o = AnalyzeOptions.defaults().withLiveness(false).withPick(Pick.LARGEST);
        try (FaceEngine without = FaceEngine.load(TestData.packDir(), EngineConfig.defaults().withFlipTta(false))) {
            Template tta = packDefault.analyze(img, o).faces().get(0).template();
            Template off = packDefault.analyze(img, o.withFlipTta(false)).faces().get(0).template();
            Template engineOff = without.analyze(img, o).faces().get(0).template();
            Template forcedOn = without.analyze(img, o.withFlipTta(true)).faces().get(0).template();
            assertThat(off.vector()).containsExactly(engineOff.vector());
            assertThat(forcedOn.vector()).containsExactly(tta.vector());
            // the same face either way, but not the same vector
            assertThat(tta.similarity(off)).isBetween(0.9f, 0.9999f);
        }
    }
}
