package io.consentry.face.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;

import java.nio.file.Path;
import java.util.List;

/**
 * ONNX Runtime (CPU). Session settings, each measured on this pack:
 * <ul>
 *   <li>{@code session.set_denormal_as_zero = 1}: without it the recogniser took 117 ms instead of ~9 ms,
 *   because its activations decay into denormal floats, which x86 handles in microcode;</li>
 *   <li>graph optimisation level ALL (constant folding, conv+batch-norm fusion, NCHWc layouts);</li>
 *   <li>one intra-op thread per call by default, sequential execution: the api serves concurrent requests, and
 *   callers that each keep one core busy beat callers fighting over all cores (see face-engine/README.md).</li>
 * </ul>
 */
final class OrtRuntime implements InferenceRuntime {
    private final OrtEnvironment env;
    private final int threadsPerCall;

    OrtRuntime(int threadsPerCall) {
        this.threadsPerCall = Math.max(0, threadsPerCall);
        this.env = environment();
    }

    /** The process-wide environment; warnings about the models' graphs (e.g. initialisers listed as inputs) are noise. */
    static OrtEnvironment environment() {
        try {
            return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "consentry-face");
        } catch (RuntimeException | LinkageError e) {
            throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "cannot load the ONNX Runtime native library: " + e, e);
        }
    }

    OrtSession.SessionOptions options() {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setInterOpNumThreads(1);
            if (threadsPerCall > 0) {
                o.setIntraOpNumThreads(threadsPerCall);
            }
            o.addConfigEntry("session.set_denormal_as_zero", "1");
            return o;
        } catch (OrtException e) {
            o.close();
            throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelRunner open(Path model, List<String> outputs, int maxBatch, int poolSize) {
        return new OrtRunner(env, options(), model, outputs, maxBatch, poolSize);
    }
}
