package io.consentry.face.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.consentry.face.InferenceBackend;
import io.consentry.face.TestData;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.pack.ModelSpec;
import io.consentry.face.runtime.InferenceRuntime;
import org.opencv.core.Mat;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packs' models opened on both runtimes, once per test JVM. OpenCV DNN is the reference each wrapper's ONNX
 * Runtime outputs are held against: same pre- and post-processing code, only the runtime differs.
 */
final class ModelFixtures {
    private static FaceModels ort;
    private static FaceModels reference;
    private static FaceModels fusedOrt;
    private static FaceModels fusedReference;
    private static AttributeModels ortAttributes;
    private static AttributeModels referenceAttributes;

    private ModelFixtures() {
    }

    static ModelPack pack() {
        return ModelPack.load(TestData.packDir(), false);
    }

    static ModelPack fusedPack() {
        String p = System.getProperty("consentry.fused.pack-dir");
        Path d = p != null ? Path.of(p) : Path.of("target/model-packs/faceplugin-dlib-0.1");
        assumeTrue(Files.isDirectory(d), "fused pack not built at " + d);
        return ModelPack.load(d, false);
    }

    static synchronized FaceModels ort() {
        if (ort == null) {
            ort = FaceModels.load(pack(), InferenceRuntime.of(InferenceBackend.ONNX_RUNTIME, 1), 2, null);
        }
        return ort;
    }

    static synchronized FaceModels reference() {
        if (reference == null) {
            reference = FaceModels.load(pack(), InferenceRuntime.of(InferenceBackend.OPENCV_DNN, 1), 2, null);
        }
        return reference;
    }

    static synchronized AttributeModels ortAttributes() {
        if (ortAttributes == null) {
            ortAttributes = AttributeModels.open(pack(), InferenceRuntime.of(InferenceBackend.ONNX_RUNTIME, 1), 2);
        }
        return ortAttributes;
    }

    static synchronized AttributeModels referenceAttributes() {
        if (referenceAttributes == null) {
            referenceAttributes = AttributeModels.open(pack(), InferenceRuntime.of(InferenceBackend.OPENCV_DNN, 1), 2);
        }
        return referenceAttributes;
    }

    static synchronized FaceModels fusedOrt() {
        if (fusedOrt == null) {
            fusedOrt = FaceModels.load(fusedPack(), InferenceRuntime.of(InferenceBackend.ONNX_RUNTIME, 1), 2, null);
        }
        return fusedOrt;
    }

    static synchronized FaceModels fusedReference() {
        if (fusedReference == null) {
            fusedReference = FaceModels.load(fusedPack(), InferenceRuntime.of(InferenceBackend.OPENCV_DNN, 1), 2, null);
        }
        return fusedReference;
    }

    /** A test photo decoded to BGR (caller releases). */
    static Mat photo(String name) {
        return TestData.engine().decode(TestData.face(name));
    }

    /** The largest face of a photo, as the ONNX Runtime detector sees it. */
    static Detection largestFace(Mat bgr) {
        return ort().detector().detect(bgr).stream().max((a, b) -> Float.compare(a.area(), b.area())).orElseThrow();
    }

    /** The wrapper's input against the manifest's declaration of the role and against the model file itself. */
    static void assertInputMatches(ModelPack pack, String role, ModelInput input) throws Exception {
        ModelSpec spec = pack.model(role);
        assertThat(spec.input()).as(role + " manifest input").startsWith(input.shape());
        assertThat(spec.colour()).as(role + " manifest colour").isEqualTo(input.colour());
        assertThat(spec.normalisation()).as(role + " manifest normalisation").isEqualTo(input.normalisation());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = env.createSession(spec.file().toString(), o)) {
            TensorInfo info = (TensorInfo) s.getInputInfo().values().iterator().next().getInfo();
            assertThat(info.getShape()).as(role + " declared input shape").containsExactly(input.dims());
        }
    }

    static double cosine(float[] a, float[] b) {
        double d = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return d / Math.sqrt(na * nb);
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
