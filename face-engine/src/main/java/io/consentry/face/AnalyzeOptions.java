package io.consentry.face;

/**
 * Options for {@link FaceEngine#analyze(byte[], AnalyzeOptions)}.
 *
 * @param pick          which faces to return (ALL, or one subject: LARGEST / CENTER)
 * @param maxFaces      at most this many faces are processed (largest first) when pick is ALL
 * @param liveness      compute the liveness score
 * @param template      compute the embedding template
 * @param quality       quality limits
 */
public record AnalyzeOptions(Pick pick, int maxFaces, boolean liveness, boolean template, QualityLimits quality) {
    public static AnalyzeOptions defaults() {
        return new AnalyzeOptions(Pick.ALL, 10, true, true, QualityLimits.defaults());
    }

    public AnalyzeOptions withPick(Pick p) {
        return new AnalyzeOptions(p, maxFaces, liveness, template, quality);
    }

    public AnalyzeOptions withLiveness(boolean b) {
        return new AnalyzeOptions(pick, maxFaces, b, template, quality);
    }

    public AnalyzeOptions withTemplate(boolean b) {
        return new AnalyzeOptions(pick, maxFaces, liveness, b, quality);
    }

    public AnalyzeOptions withQuality(QualityLimits q) {
        return new AnalyzeOptions(pick, maxFaces, liveness, template, q);
    }
}
