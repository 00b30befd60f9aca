package io.consentry.face.runtime;

import io.consentry.face.internal.OpenCv;

import java.nio.file.Path;
import java.util.List;

/**
 * OpenCV DNN, the engine's previous runtime, kept as the reference for the ONNX Runtime path. Its thread count is
 * OpenCV's process-wide setting, which the engine sets ({@code EngineConfig.opencvThreads}).
 */
final class OpenCvDnnRuntime implements InferenceRuntime {
    OpenCvDnnRuntime() {
        OpenCv.load();
    }

    @Override
    public ModelRunner open(Path model, List<String> outputs, int maxBatch, int poolSize) {
        return new OpenCvDnnRunner(model, outputs, poolSize);
    }
}
