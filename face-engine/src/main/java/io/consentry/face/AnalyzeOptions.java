package io.consentry.face;

/**
 * Options for {@link FaceEngine#analyze(byte[], AnalyzeOptions)}.
 *
 * @param pick          which faces to return (ALL, or one subject: LARGEST / CENTER)
 * @param maxFaces      at most this many faces are processed (largest first) when pick is ALL
 * @param liveness      compute the liveness score (the liveness model does not run otherwise)
 * @param template      compute the embedding template
 * @param quality       quality limits
 * @param flipTta       flip test-time augmentation for this call: null = as the engine is configured (the pack's
 *                      {@code model.embed.flip-tta}); false saves one recogniser pass per face. The pack's thresholds
 *                      are calibrated for its own setting; see face-engine/README.md ("Flip TTA") for what a probe
 *                      made without TTA against templates enrolled with it measured.
 */
public record AnalyzeOptions(Pick pick, int maxFaces, boolean liveness, boolean template, QualityLimits quality,
                             Boolean flipTta) {
    /** Source-compatible 5-argument form: flip TTA as the engine is configured. */
    public AnalyzeOptions(Pick pick, int maxFaces, boolean liveness, boolean template, QualityLimits quality) {
        this(pick, maxFaces, liveness, template, quality, null);
    }

    public static AnalyzeOptions defaults() {
        return new AnalyzeOptions(Pick.ALL, 10, true, true, QualityLimits.defaults(), null);
    }

    public AnalyzeOptions withPick(Pick p) {
        return new AnalyzeOptions(p, maxFaces, liveness, template, quality, flipTta);
    }

    public AnalyzeOptions withLiveness(boolean b) {
        return new AnalyzeOptions(pick, maxFaces, b, template, quality, flipTta);
    }

    public AnalyzeOptions withTemplate(boolean b) {
        return new AnalyzeOptions(pick, maxFaces, liveness, b, quality, flipTta);
    }

    public AnalyzeOptions withQuality(QualityLimits q) {
        return new AnalyzeOptions(pick, maxFaces, liveness, template, q, flipTta);
    }

    /** Flip TTA for this call: null = as the engine is configured. */
    public AnalyzeOptions withFlipTta(Boolean f) {
        return new AnalyzeOptions(pick, maxFaces, liveness, template, quality, f);
    }
}
