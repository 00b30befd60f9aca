package io.consentry.face;

import java.util.List;

/**
 * A template as a 1:N {@link Gallery} takes it in: its primary vector already quantised to the index's 12-bit codes
 * (one scale per vector), the further vectors of a fused pack as they are.
 *
 * <p>Why it exists: a gallery's cold load decrypts every template it will hold. Quantised where it is decrypted —
 * while the vector is still in that core's cache — the float vector is garbage at once; kept as a {@link Template}
 * until the index is built, the 100,000 vectors of a large gallery (200 MB) stay alive across the whole read, and the
 * collector copies them. The codes are half the size of the floats, and {@link Gallery#putAllIndexed} only copies them.
 *
 * <p>The gallery re-scores its short-list from these same codes: typically within {@code 2e-5} of the float cosine,
 * within {@code 1e-4} on real faces (see {@link Gallery}).
 */
public final class IndexedTemplate {
    private final String packId;
    private final float scale;
    private final short[] codes;
    private final List<float[]> secondary;

    private IndexedTemplate(String packId, float scale, short[] codes, List<float[]> secondary) {
        this.packId = packId;
        this.scale = scale;
        this.codes = codes;
        this.secondary = secondary;
    }

    /** Quantises the template's primary vector as the gallery will hold it; a fused pack's further vectors are kept. */
    public static IndexedTemplate of(Template template) {
        short[] codes = new short[template.dimension()];
        float scale = Gallery.quantise(template.vectorUnsafe(), codes);
        int k = template.vectorCount();
        List<float[]> secondary;
        if (k == 1) {
            secondary = List.of();
        } else {
            float[][] rest = new float[k - 1][];
            for (int i = 1; i < k; i++) {
                rest[i - 1] = template.vectorUnsafe(i);
            }
            secondary = List.of(rest);
        }
        return new IndexedTemplate(template.packId(), scale, codes, secondary);
    }

    public String packId() {
        return packId;
    }

    /** The primary vector's dimension (the gallery's). */
    public int dimension() {
        return codes.length;
    }

    /** The vectors beyond the primary one (a fused pack's further recognisers), as decrypted; empty for one recogniser. */
    public List<float[]> secondary() {
        return secondary;
    }

    float scale() {
        return scale;
    }

    /** The 12-bit codes (do not modify). */
    short[] codes() {
        return codes;
    }
}
