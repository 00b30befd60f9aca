package io.consentry.face;

import io.consentry.face.model.FaceDetector;
import io.consentry.face.model.FaceLandmarker;
import io.consentry.face.model.FaceModels;
import io.consentry.face.model.FeatureRecogniser;
import io.consentry.face.model.LivenessModel;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;
import io.consentry.face.runtime.ModelRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine runs no model whose output the answer cannot use; each runner counts its calls. */
class SkipWorkTest {
    /** A runner that counts the calls it passes on. */
    static final class Counting implements ModelRunner {
        final ModelRunner delegate;
        final AtomicInteger calls = new AtomicInteger();

        Counting(ModelRunner delegate) {
            this.delegate = delegate;
        }

        @Override
        public float[][] run(Mat blob) {
            calls.incrementAndGet();
            return delegate.run(blob);
        }

        @Override
        public List<String> outputs() {
            return delegate.outputs();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    static FaceEngine engine;
    static Counting detect;
    static Counting landmark;
    static Counting embed;
    static Counting liveness;

    @BeforeAll
    static void engineWithCountingRunners() {
        ModelPack pack = ModelPack.load(TestData.packDir(), false);
        InferenceRuntime rt = InferenceRuntime.of(InferenceBackend.ONNX_RUNTIME, 1);
        detect = new Counting(rt.open(pack.model("detect").file(), List.of("scores", "boxes"), 1, 1));
        landmark = new Counting(rt.open(pack.model("landmark").file(), List.of("output"), 1, 1));
        embed = new Counting(rt.open(pack.model("embed").file(), List.of("output"), 2, 1));
        liveness = new Counting(rt.open(pack.model("liveness").file(), List.of("output"), 1, 1));
        FaceModels models = new FaceModels(new FaceDetector(detect, 0.65f, 0.4f), new FaceLandmarker(landmark),
                new LivenessModel(liveness), List.of(new FeatureRecogniser(embed, io.consentry.face.internal.Align.Mode.SIMILARITY5)));
        engine = new FaceEngine(pack, EngineConfig.defaults(), models);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @BeforeEach
    void reset() {
        for (Counting c : List.of(detect, landmark, embed, liveness)) {
            c.calls.set(0);
        }
    }

    @Test
    void livenessRunsOnlyWhenAsked() {
        Face f = engine.analyzeSingle(TestData.face("obama_1.jpg"), AnalyzeOptions.defaults().withLiveness(false));
        assertThat(f.liveness()).isNaN();
        assertThat(f.template()).isNotNull();
        assertThat(liveness.calls.get()).isZero();
        assertThat(embed.calls.get()).isEqualTo(1);
        engine.analyzeSingle(TestData.face("obama_1.jpg"), AnalyzeOptions.defaults());
        assertThat(liveness.calls.get()).isEqualTo(1);
    }

    @Test
    void aFaceFailingTheQualityGateGetsNeitherLivenessNorATemplateWhenADecisionIsAsked() {
        assertThatThrownBy(() -> engine.analyzeSingle(TestData.face("partial_obama_1.jpg"), AnalyzeOptions.defaults()))
                .isInstanceOfSatisfying(FaceEngineException.class, e -> assertThat(e.reasons()).contains("cut_by_frame"));
        assertThat(landmark.calls.get()).isEqualTo(1);
        assertThat(liveness.calls.get()).isZero();
        assertThat(embed.calls.get()).isZero();
        // analyze (no decision) still reports everything about the same face
        Face f = engine.analyze(TestData.face("partial_obama_1.jpg"), AnalyzeOptions.defaults().withPick(Pick.LARGEST)).faces().get(0);
        assertThat(f.quality().pass()).isFalse();
        assertThat(f.template()).isNotNull();
        assertThat(f.liveness()).isBetween(0f, 1f);
    }

    @Test
    void aFaceBelowTheLivenessThresholdGetsNoTemplateWhenADecisionIsAsked() {
        Mat m = engine.decode(TestData.face("obama_1.jpg"));
        byte[] replay = FacesTest.screenReplay(m);
        m.release();
        // the screen replay of obama_1 scores 0.06 live (README): a spoof decision
        assertThatThrownBy(() -> engine.analyzeSingle(replay, AnalyzeOptions.defaults().withPick(Pick.LARGEST)))
                .isInstanceOfSatisfying(FaceEngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SPOOF_SUSPECTED));
        assertThat(liveness.calls.get()).isEqualTo(1);
        assertThat(embed.calls.get()).isZero();
    }

    @Test
    void flipTtaIsOneCallOfTheRecogniser() {
        assertThat(engine.flipTta()).isTrue();
        engine.analyze(TestData.face("biden_1.jpg"), AnalyzeOptions.defaults().withLiveness(false));
        assertThat(embed.calls.get()).isEqualTo(1);
    }
}
