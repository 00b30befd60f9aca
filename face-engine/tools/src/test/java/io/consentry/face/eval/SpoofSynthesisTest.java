package io.consentry.face.eval;

import io.consentry.face.AnalyzeOptions;
import io.consentry.face.Face;
import io.consentry.face.FaceEngine;
import io.consentry.face.Pick;
import io.consentry.face.QualityLimits;
import io.consentry.face.TestData;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every synthesised attack is still a presentation of the same face: detected, and matching its capture. */
class SpoofSynthesisTest {

    @Test
    void everySpeciesKeepsTheFaceDetectableAndTheSeedMakesItReproducible() {
        FaceEngine engine = TestData.engine();
        Mat capture = engine.decode(TestData.face("biden_2.jpg"));
        try {
            AnalyzeOptions opts = AnalyzeOptions.defaults().withPick(Pick.LARGEST).withLiveness(false).withQuality(QualityLimits.lenient());
            Face original = engine.analyze(TestData.face("biden_2.jpg"), opts).faces().get(0);
            SpoofSynthesis synth = new SpoofSynthesis(7);
            for (String species : SpoofSynthesis.SPECIES) {
                List<Face> faces = engine.analyze(synth.attack(capture, species), opts).faces();
                assertThat(faces).as(species + ": the presented face is detected").hasSize(1);
                assertThat(faces.get(0).template().similarity(original.template())).as(species + ": same person")
                        .isGreaterThan(engine.decision().threshold(1e-3));
            }
            assertThat(engine.analyze(synth.live(capture), opts).faces()).hasSize(1);
            assertThat(new SpoofSynthesis(7).attack(capture, "screen")).isEqualTo(new SpoofSynthesis(7).attack(capture, "screen"));
        } finally {
            capture.release();
        }
    }
}
