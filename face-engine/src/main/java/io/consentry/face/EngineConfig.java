package io.consentry.face;

import io.consentry.face.image.ImageLimits;

/**
 * Engine-wide settings.
 *
 * @param limits     decoder limits
 * @param poolSize   model instances per model (concurrent callers beyond this wait)
 * @param alignment  SIMILARITY5 (default, least-squares over 5 points) or AFFINE3 (eyes+nose, for comparison)
 * @param flipTta    null = as the pack says (model.embed.flip-tta), else force on/off
 */
public record EngineConfig(ImageLimits limits, int poolSize, String alignment, Boolean flipTta) {
    public static EngineConfig defaults() {
        return new EngineConfig(ImageLimits.defaults(), Math.max(1, Runtime.getRuntime().availableProcessors()),
                null, null);
    }

    public EngineConfig withAlignment(String a) {
        return new EngineConfig(limits, poolSize, a, flipTta);
    }

    public EngineConfig withFlipTta(Boolean f) {
        return new EngineConfig(limits, poolSize, alignment, f);
    }

    public EngineConfig withLimits(ImageLimits l) {
        return new EngineConfig(l, poolSize, alignment, flipTta);
    }

    public EngineConfig withPoolSize(int n) {
        return new EngineConfig(limits, n, alignment, flipTta);
    }
}
