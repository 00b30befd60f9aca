package io.consentry.attributes;

import java.util.List;

/**
 * What the engine estimates about the subject's own face, shown only to them.
 *
 * @param age             estimated age in years (rough)
 * @param genderScore     0..1 score of the pack's gender model (the pack documents above 0.5 as male)
 * @param expression      class probabilities of the pack's expression model (classes by index; the pack does not name them)
 * @param expressionClass the most probable class
 */
public record AttributeView(String purpose, float age, float genderScore, List<Float> expression, int expressionClass) {
}
