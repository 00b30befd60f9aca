package io.consentry.face;

import io.consentry.face.image.ImageLimits;

import java.util.Locale;

/**
 * Engine-wide settings.
 *
 * @param limits        decoder limits
 * @param poolSize      model instances per model (concurrent callers beyond this wait)
 * @param alignment     SIMILARITY5 (default, least-squares over 5 points) or AFFINE3 (eyes+nose, for comparison)
 * @param flipTta       null = as the pack says (model.embed.flip-tta), else force on/off
 * @param opencvThreads threads one call may use, for OpenCV ({@code cv::setNumThreads}, process-wide) and for each
 *                      ONNX Runtime session (intra-op threads): {@code null} = {@link #AUTO_THREADS}; {@code 0} =
 *                      the libraries' own default (all cores); {@code n > 0} = n
 * @param backend       the inference runtime; null = {@link #backendFromEnvironment()}
 */
public record EngineConfig(ImageLimits limits, int poolSize, String alignment, Boolean flipTta, Integer opencvThreads,
                           InferenceBackend backend) {
    /**
     * Default for {@link #opencvThreads()}: 1 thread per call. On the 2-core machine this gave the best
     * throughput with concurrent callers (each caller keeps one core busy instead of 2 callers fighting
     * over 4 threads) and cost single-caller latency; see face-engine/README.md.
     */
    public static final int AUTO_THREADS = 1;
    /** System property choosing the backend ({@code onnx-runtime} or {@code opencv-dnn}) when the config does not. */
    public static final String BACKEND_PROPERTY = "consentry.engine.backend";
    /** Environment variable for the same (used if the property is absent). */
    public static final String BACKEND_ENV = "CONSENTRY_ENGINE_BACKEND";

    /** Source-compatible 4-argument form: OpenCV threads and backend automatic. */
    public EngineConfig(ImageLimits limits, int poolSize, String alignment, Boolean flipTta) {
        this(limits, poolSize, alignment, flipTta, null, null);
    }

    /** Source-compatible 5-argument form: backend automatic. */
    public EngineConfig(ImageLimits limits, int poolSize, String alignment, Boolean flipTta, Integer opencvThreads) {
        this(limits, poolSize, alignment, flipTta, opencvThreads, null);
    }

    public static EngineConfig defaults() {
        return new EngineConfig(ImageLimits.defaults(), Math.max(1, Runtime.getRuntime().availableProcessors()),
                null, null, null, null);
    }

    /** The thread count per call this config asks for (0 = leave the libraries' default). */
    public int effectiveOpencvThreads() {
        return opencvThreads == null ? AUTO_THREADS : Math.max(0, opencvThreads);
    }

    /** The backend to use: the configured one, else {@link #backendFromEnvironment()}. */
    public InferenceBackend effectiveBackend() {
        return backend != null ? backend : backendFromEnvironment();
    }

    /**
     * {@value #BACKEND_PROPERTY}, else {@value #BACKEND_ENV}, else ONNX Runtime. An operator switch (no code change)
     * for a platform where ONNX Runtime's natives do not load.
     */
    public static InferenceBackend backendFromEnvironment() {
        String v = System.getProperty(BACKEND_PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(BACKEND_ENV);
        }
        return v == null || v.isBlank() ? InferenceBackend.ONNX_RUNTIME : parseBackend(v);
    }

    /** {@code onnx-runtime} / {@code opencv-dnn} (case and {@code -}/{@code _} insensitive). */
    public static InferenceBackend parseBackend(String v) {
        try {
            return InferenceBackend.valueOf(v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "unknown inference backend '" + v
                    + "' (onnx-runtime or opencv-dnn)");
        }
    }

    public EngineConfig withAlignment(String a) {
        return new EngineConfig(limits, poolSize, a, flipTta, opencvThreads, backend);
    }

    public EngineConfig withFlipTta(Boolean f) {
        return new EngineConfig(limits, poolSize, alignment, f, opencvThreads, backend);
    }

    public EngineConfig withLimits(ImageLimits l) {
        return new EngineConfig(l, poolSize, alignment, flipTta, opencvThreads, backend);
    }

    public EngineConfig withPoolSize(int n) {
        return new EngineConfig(limits, n, alignment, flipTta, opencvThreads, backend);
    }

    /** Threads per call: null = automatic, 0 = the libraries' default, n = set (OpenCV's setting is process-wide). */
    public EngineConfig withOpencvThreads(Integer n) {
        return new EngineConfig(limits, poolSize, alignment, flipTta, n, backend);
    }

    public EngineConfig withBackend(InferenceBackend b) {
        return new EngineConfig(limits, poolSize, alignment, flipTta, opencvThreads, b);
    }
}
