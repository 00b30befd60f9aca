package io.consentry.face;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The whole pipeline on ONNX Runtime equals the OpenCV DNN pipeline (the engine's previous runtime, kept as the
 * reference) on every test photo: same faces, boxes, quality verdicts, liveness, and templates within 1e-4 cosine.
 */
class PipelineEquivalenceTest {
    static List<Path> photos() throws Exception {
        try (Stream<Path> s = Files.list(TestData.faces())) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.(jpg|png)")).sorted().toList();
        }
    }

    static void assertSameAnalysis(String name, Analysis ort, Analysis ref) {
        assertThat(ort.faces()).as(name + " faces").hasSameSizeAs(ref.faces());
        for (int i = 0; i < ort.faces().size(); i++) {
            Face a = ort.faces().get(i), b = ref.faces().get(i);
            String what = name + " face " + i;
            assertThat(a.box().x()).as(what).isCloseTo(b.box().x(), offset(0.05f));
            assertThat(a.box().y()).as(what).isCloseTo(b.box().y(), offset(0.05f));
            assertThat(a.box().width()).as(what).isCloseTo(b.box().width(), offset(0.05f));
            assertThat(a.quality().reasons()).as(what).isEqualTo(b.quality().reasons());
            assertThat(a.liveness()).as(what + " liveness").isCloseTo(b.liveness(), offset(1e-3f));
            assertThat(a.template().vectorCount()).isEqualTo(b.template().vectorCount());
            for (int v = 0; v < a.template().vectorCount(); v++) {
                float cos = a.template().similarity(b.template(), v);
                assertThat(cos).as(what + " template vector " + v + " cosine").isGreaterThanOrEqualTo(1 - 1e-4f);
            }
        }
    }

    @Test
    void onnxRuntimeTemplatesEqualOpenCvDnnTemplatesOnEveryTestPhoto() throws Exception {
        FaceEngine ort = TestData.engine();
        assertThat(ort.backend()).isEqualTo(InferenceBackend.ONNX_RUNTIME);
        int faces = 0;
        double worst = 1;
        try (FaceEngine ref = FaceEngine.load(TestData.packDir(), EngineConfig.defaults().withBackend(InferenceBackend.OPENCV_DNN))) {
            for (Path p : photos()) {
                byte[] img = Files.readAllBytes(p);
                Analysis a = ort.analyze(img, AnalyzeOptions.defaults());
                Analysis b = ref.analyze(img, AnalyzeOptions.defaults());
                assertSameAnalysis(p.getFileName().toString(), a, b);
                for (int i = 0; i < a.faces().size(); i++) {
                    worst = Math.min(worst, a.faces().get(i).template().similarity(b.faces().get(i).template()));
                }
                faces += a.faces().size();
            }
        }
        System.out.printf("[equivalence] %d faces on %d photos, lowest ORT/OpenCV template cosine %.7f%n", faces, photos().size(), worst);
        assertThat(faces).isGreaterThanOrEqualTo(25);
    }

    @Test
    void theFusedPacksTemplatesAreEqualToo() throws Exception {
        Path fused = Path.of(System.getProperty("consentry.fused.pack-dir", "target/model-packs/faceplugin-dlib-0.1"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fused), "fused pack not built");
        try (FaceEngine ort = FaceEngine.load(fused);
             FaceEngine ref = FaceEngine.load(fused, EngineConfig.defaults().withBackend(InferenceBackend.OPENCV_DNN))) {
            for (String name : List.of("obama_1.jpg", "biden_2.jpg", "multi_kit_with_rose.jpg", "obama_6_240p.jpg")) {
                byte[] img = TestData.face(name);
                assertSameAnalysis(name, ort.analyze(img, AnalyzeOptions.defaults()), ref.analyze(img, AnalyzeOptions.defaults()));
            }
        }
    }
}
