package io.consentry.face.runtime;

import io.consentry.face.InferenceBackend;

import java.nio.file.Path;
import java.util.List;

/** Opens {@link ModelRunner}s on one backend. */
public interface InferenceRuntime {
    /**
     * Opens {@code model} for up to {@code poolSize} concurrent callers.
     *
     * @param outputs  the graph outputs to return, in this order
     * @param maxBatch the largest batch (first blob dimension) callers will pass
     */
    ModelRunner open(Path model, List<String> outputs, int maxBatch, int poolSize);

    /**
     * @param threadsPerCall threads one inference may use: 1 keeps concurrent callers from oversubscribing the
     *                       cores (the engine's default), 0 lets the runtime choose (all cores)
     */
    static InferenceRuntime of(InferenceBackend backend, int threadsPerCall) {
        return switch (backend) {
            case ONNX_RUNTIME -> new OrtRuntime(threadsPerCall);
            case OPENCV_DNN -> new OpenCvDnnRuntime();
        };
    }
}
