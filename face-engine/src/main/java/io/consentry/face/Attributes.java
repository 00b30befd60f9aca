package io.consentry.face;

import java.util.List;

/**
 * Optional demographic/expression estimates of one face. Only available through
 * {@link FaceEngine#attributes(byte[], AttributeGrant)}, with a grant from the engine's {@link AttributeAuthority}.
 *
 * @param box           the face these estimates belong to
 * @param age           estimated age in years (SSR-Net style regression; rough)
 * @param genderScore   0..1 score of the pack's gender model (documented as: above 0.5 = male)
 * @param expression    class probabilities of the pack's expression model; the package does not
 *                      document the labels, so classes are reported by index
 */
public record Attributes(Box box, float age, float genderScore, List<Float> expression) {
    public int expressionClass() {
        int best = 0;
        for (int i = 1; i < expression.size(); i++) {
            if (expression.get(i) > expression.get(best)) {
                best = i;
            }
        }
        return best;
    }
}
