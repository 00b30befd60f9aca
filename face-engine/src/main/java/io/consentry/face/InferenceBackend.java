package io.consentry.face;

/** Which runtime executes the pack's ONNX models. Pre- and post-processing are the same code for both. */
public enum InferenceBackend {
    /** ONNX Runtime (default): measured 1.0-2.9x faster per model than OpenCV DNN on this pack, outputs equal within 3e-6. */
    ONNX_RUNTIME,
    /**
     * OpenCV DNN, the engine's previous runtime. Kept as the reference the ONNX Runtime path is tested against
     * (templates equal within 1e-4 cosine on the test photos) and as a fallback for platforms without ORT natives.
     */
    OPENCV_DNN
}
