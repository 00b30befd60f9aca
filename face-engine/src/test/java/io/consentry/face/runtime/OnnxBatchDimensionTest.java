package io.consentry.face.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.consentry.face.TestData;
import io.consentry.face.pack.ModelPack;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxBatchDimensionTest {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    static float[] run(OrtSession s, float[] x, long... shape) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), shape);
             OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
            FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
    }

    @Test
    void theRecogniserAcceptsABatchOfTwoAndComputesExactlyWhatTheOriginalComputes() throws Exception {
        ModelPack pack = ModelPack.load(TestData.packDir(), false);
        byte[] original = Files.readAllBytes(pack.model("embed").file());
        byte[] batched = OnnxBatchDimension.symbolic(original);
        float[] x = new float[2 * 3 * 112 * 112];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession a = ENV.createSession(original, o);
             OrtSession b = ENV.createSession(batched, o)) {
            TensorInfo in = (TensorInfo) b.getInputInfo().values().iterator().next().getInfo();
            assertThat(in.getShape()).containsExactly(-1, 3, 112, 112);
            float[] first = java.util.Arrays.copyOf(x, x.length / 2);
            float[] second = java.util.Arrays.copyOfRange(x, x.length / 2, x.length);
            float[] ref1 = run(a, first, 1, 3, 112, 112), ref2 = run(a, second, 1, 3, 112, 112);
            assertThat(run(b, first, 1, 3, 112, 112)).containsExactly(ref1);
            float[] both = run(b, x, 2, 3, 112, 112);
            assertThat(java.util.Arrays.copyOf(both, ref1.length)).containsExactly(ref1);
            assertThat(java.util.Arrays.copyOfRange(both, ref1.length, 2 * ref1.length)).containsExactly(ref2);
            // the original refuses a batch of two: that is why the rewrite exists
            assertThatThrownBy(() -> run(a, x, 2, 3, 112, 112)).hasMessageContaining("dimensions");
        }
    }

    @Test
    void initialisersListedAsInputsKeepTheirShapes() throws Exception {
        // fr_age lists its weights among the graph inputs (an old exporter's habit); only the real input changes
        ModelPack pack = ModelPack.load(TestData.packDir(), false);
        byte[] batched = OnnxBatchDimension.symbolic(Files.readAllBytes(pack.model("age").file()));
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = ENV.createSession(batched, o)) {
            assertThat(s.getInputNames()).containsExactly("input");
            assertThat(((TensorInfo) s.getInputInfo().get("input").getInfo()).getShape()).containsExactly(-1, 3, 64, 64);
            float[] out = run(s, new float[2 * 3 * 64 * 64], 2, 3, 64, 64);
            assertThat(out).hasSize(6);
        }
    }

    @Test
    void refusesWhatIsNotAModelWithAFixedBatch() throws Exception {
        assertThatThrownBy(() -> OnnxBatchDimension.symbolic(new byte[] {0x08, 0x07})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnnxBatchDimension.symbolic(new byte[] {0x3a, 0x05, 0x01})).isInstanceOf(IllegalArgumentException.class);
        ModelPack pack = ModelPack.load(TestData.packDir(), false);
        byte[] once = OnnxBatchDimension.symbolic(Files.readAllBytes(pack.model("landmark").file()));
        assertThatThrownBy(() -> OnnxBatchDimension.symbolic(once)).hasMessageContaining("no fixed batch");
    }
}
