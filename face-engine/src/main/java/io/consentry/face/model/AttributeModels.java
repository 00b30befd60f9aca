package io.consentry.face.model;

import io.consentry.face.Attributes;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;
import org.opencv.core.Mat;

import java.util.ArrayList;
import java.util.List;

/**
 * The attribute models of a pack (age, gender, expression), opened together and only when someone may use them: the
 * engine loads them on the first granted estimate and can unload them again (see {@code FaceEngine.attributes}).
 */
public final class AttributeModels implements AutoCloseable {
    /** Attribute models are rarely called (consented analysis only): two instances each at most. */
    private static final int POOL = 2;

    private final AgeEstimator age;
    private final GenderEstimator gender;
    private final ExpressionClassifier expression;

    public AttributeModels(AgeEstimator age, GenderEstimator gender, ExpressionClassifier expression) {
        this.age = age;
        this.gender = gender;
        this.expression = expression;
    }

    /** Whether the pack declares all three attribute models. */
    public static boolean declaredBy(ModelPack pack) {
        return pack.has(AgeEstimator.ROLE) && pack.has(GenderEstimator.ROLE) && pack.has(ExpressionClassifier.ROLE);
    }

    /** Opens the three models; whatever was opened is closed again if one fails. */
    public static AttributeModels open(ModelPack pack, InferenceRuntime runtime, int poolSize) {
        int size = Math.min(POOL, poolSize);
        AgeEstimator age = AgeEstimator.open(pack, runtime, size);
        try {
            GenderEstimator gender = GenderEstimator.open(pack, runtime, size);
            try {
                return new AttributeModels(age, gender, ExpressionClassifier.open(pack, runtime, size));
            } catch (RuntimeException e) {
                gender.close();
                throw e;
            }
        } catch (RuntimeException e) {
            age.close();
            throw e;
        }
    }

    /** The estimates for the face at {@code d} (and only that face). */
    public Attributes estimate(Mat bgr, Detection d) {
        List<Float> probabilities = new ArrayList<>();
        for (float p : expression.probabilities(bgr, d)) {
            probabilities.add(p);
        }
        return new Attributes(d.clippedBox(bgr.cols(), bgr.rows()), age.years(bgr, d), gender.score(bgr, d), probabilities);
    }

    public AgeEstimator age() {
        return age;
    }

    public GenderEstimator gender() {
        return gender;
    }

    public ExpressionClassifier expression() {
        return expression;
    }

    @Override
    public void close() {
        try {
            age.close();
        } finally {
            try {
                gender.close();
            } finally {
                expression.close();
            }
        }
    }
}
