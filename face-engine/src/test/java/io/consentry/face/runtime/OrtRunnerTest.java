package io.consentry.face.runtime;

import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;
import io.consentry.face.InferenceBackend;
import io.consentry.face.TestData;
import io.consentry.face.internal.OpenCv;
import io.consentry.face.pack.ModelPack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrtRunnerTest {
    static Path landmarks;

    @BeforeAll
    static void pack() {
        OpenCv.load();
        landmarks = ModelPack.load(TestData.packDir(), false).model("landmark").file();
    }

    /** A 1×1×64×64 blob with a gradient (the landmark model's input). */
    static Mat blob(int batch, float shift) {
        Mat b = new Mat(new int[] {batch, 1, 64, 64}, CvType.CV_32F);
        float[] v = new float[batch * 64 * 64];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i % 64) + shift) / 256f;
        }
        b.put(new int[] {0, 0, 0, 0}, v);
        return b;
    }

    @Test
    void returnsTheReferenceRuntimesOutputs() {
        try (ModelRunner ort = InferenceRuntime.of(InferenceBackend.ONNX_RUNTIME, 1).open(landmarks, List.of("output"), 1, 1);
             ModelRunner ref = InferenceRuntime.of(InferenceBackend.OPENCV_DNN, 1).open(landmarks, List.of("output"), 1, 1)) {
            Mat in = blob(1, 7);
            float[] a = ort.run(in)[0], b = ref.run(in)[0];
            in.release();
            assertThat(a).hasSize(136);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void refusesBlobsItWasNotOpenedFor() {
        try (ModelRunner ort = InferenceRuntime.of(InferenceBackend.ONNX_RUNTIME, 1).open(landmarks, List.of("output"), 1, 1)) {
            Mat two = blob(2, 0);
            Mat wrongType = new Mat(new int[] {1, 1, 64, 64}, CvType.CV_8U, new Scalar(0));
            Mat wrongShape = new Mat(new int[] {1, 1, 32, 32}, CvType.CV_32F, new Scalar(0));
            assertThatThrownBy(() -> ort.run(two)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ort.run(wrongType)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ort.run(wrongShape)).isInstanceOf(IllegalArgumentException.class);
            two.release();
            wrongType.release();
            wrongShape.release();
        }
    }

    @Test
    void anOutputTheModelDoesNotHaveIsAPackError() {
        assertThatThrownBy(() -> InferenceRuntime.of(InferenceBackend.ONNX_RUNTIME, 1).open(landmarks, List.of("scores"), 1, 1))
                .isInstanceOfSatisfying(FaceEngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MODEL_PACK));
    }

    @Test
    void aFileThatIsNotAModelIsAPackError() throws Exception {
        Path junk = java.nio.file.Files.createTempFile("not-a-model", ".onnx");
        try {
            java.nio.file.Files.writeString(junk, "not a model");
            assertThatThrownBy(() -> InferenceRuntime.of(InferenceBackend.ONNX_RUNTIME, 1).open(junk, List.of("output"), 1, 1))
                    .isInstanceOfSatisfying(FaceEngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MODEL_PACK));
        } finally {
            java.nio.file.Files.delete(junk);
        }
    }

    @Test
    void concurrentCallersEachGetTheirOwnResult() throws Exception {
        try (ModelRunner ort = InferenceRuntime.of(InferenceBackend.ONNX_RUNTIME, 1).open(landmarks, List.of("output"), 1, 2)) {
            float[][] expected = new float[8][];
            for (int i = 0; i < expected.length; i++) {
                Mat in = blob(1, i * 10);
                expected[i] = ort.run(in)[0];
                in.release();
            }
            ExecutorService ex = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int i = t % expected.length;
                fs.add(ex.submit(() -> {
                    start.await();
                    Mat in = blob(1, i * 10);
                    try {
                        return java.util.Arrays.equals(ort.run(in)[0], expected[i]);
                    } finally {
                        in.release();
                    }
                }));
            }
            start.countDown();
            for (Future<Boolean> f : fs) {
                assertThat(f.get()).isTrue();
            }
            ex.shutdown();
        }
    }
}
