package io.consentry.face;

import io.consentry.face.image.ImageLimits;

/**
 * Engine-wide settings.
 *
 * @param limits        decoder limits
 * @param poolSize      model instances per model (concurrent callers beyond this wait)
 * @param alignment     SIMILARITY5 (default, least-squares over 5 points) or AFFINE3 (eyes+nose, for comparison)
 * @param flipTta       null = as the pack says (model.embed.flip-tta), else force on/off
 * @param opencvThreads threads OpenCV may use inside one call ({@code cv::setNumThreads}, which is
 *                      process-wide): {@code null} = {@link #AUTO_THREADS}; {@code 0} = leave OpenCV's
 *                      setting alone; {@code n > 0} = set it to n when the engine loads
 */
public record EngineConfig(ImageLimits limits, int poolSize, String alignment, Boolean flipTta, Integer opencvThreads) {
    /**
     * Default for {@link #opencvThreads()}: 1 thread per call. On the 2-core machine this gave the best
     * throughput with concurrent callers (each caller keeps one core busy instead of 2 callers fighting
     * over 4 OpenCV threads) and cost ~25 % single-caller latency; see face-engine/README.md.
     */
    public static final int AUTO_THREADS = 1;

    /** Source-compatible 4-argument form: OpenCV threads = automatic. */
    public EngineConfig(ImageLimits limits, int poolSize, String alignment, Boolean flipTta) {
        this(limits, poolSize, alignment, flipTta, null);
    }

    public static EngineConfig defaults() {
        return new EngineConfig(ImageLimits.defaults(), Math.max(1, Runtime.getRuntime().availableProcessors()),
                null, null, null);
    }

    /** The OpenCV thread count this config asks for (0 = do not touch). */
    public int effectiveOpencvThreads() {
        return opencvThreads == null ? AUTO_THREADS : Math.max(0, opencvThreads);
    }

    public EngineConfig withAlignment(String a) {
        return new EngineConfig(limits, poolSize, a, flipTta, opencvThreads);
    }

    public EngineConfig withFlipTta(Boolean f) {
        return new EngineConfig(limits, poolSize, alignment, f, opencvThreads);
    }

    public EngineConfig withLimits(ImageLimits l) {
        return new EngineConfig(l, poolSize, alignment, flipTta, opencvThreads);
    }

    public EngineConfig withPoolSize(int n) {
        return new EngineConfig(limits, n, alignment, flipTta, opencvThreads);
    }

    /** OpenCV threads per call: null = automatic, 0 = leave OpenCV alone, n = set (process-wide). */
    public EngineConfig withOpencvThreads(Integer n) {
        return new EngineConfig(limits, poolSize, alignment, flipTta, n);
    }
}
