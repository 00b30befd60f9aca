package io.consentry.face.model;

import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;
import io.consentry.face.internal.OpenCv;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The models of a {@code faceplugin}-family pack, each behind its wrapper. Optional roles (liveness, the second
 * recogniser, the attribute models) are absent when the pack does not declare them.
 */
public final class FaceModels implements AutoCloseable {
    /** The pack family whose roles these wrappers implement. */
    public static final String FAMILY = "faceplugin";
    /** Attribute models are rarely called (consented analysis only): two instances each at most. */
    private static final int ATTRIBUTE_POOL = 2;

    private final FaceDetector detector;
    private final FaceLandmarker landmarker;
    private final LivenessModel liveness;
    private final List<Recogniser> recognisers;
    private final AgeEstimator age;
    private final GenderEstimator gender;
    private final ExpressionClassifier expression;

    public FaceModels(FaceDetector detector, FaceLandmarker landmarker, LivenessModel liveness, List<Recogniser> recognisers,
                      AgeEstimator age, GenderEstimator gender, ExpressionClassifier expression) {
        if (recognisers.isEmpty()) {
            throw new IllegalArgumentException("at least one recogniser");
        }
        this.detector = detector;
        this.landmarker = landmarker;
        this.liveness = liveness;
        this.recognisers = List.copyOf(recognisers);
        this.age = age;
        this.gender = gender;
        this.expression = expression;
    }

    /**
     * Opens every model the pack declares. On failure, whatever was already opened is closed again.
     *
     * @param alignment the primary recogniser's alignment override, null = the manifest's
     */
    public static FaceModels load(ModelPack pack, InferenceRuntime runtime, int poolSize, String alignment) {
        if (!FAMILY.equals(pack.family())) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "pack family '" + pack.family()
                    + "' is not implemented by this engine version (supported: " + FAMILY + ")");
        }
        OpenCv.load(); // pre-processing is OpenCV whatever runs the models
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            FaceDetector detector = track(opened, FaceDetector.open(pack, runtime, poolSize));
            FaceLandmarker landmarker = track(opened, FaceLandmarker.open(pack, runtime, poolSize));
            List<Recogniser> recognisers = new ArrayList<>();
            recognisers.add(track(opened, FeatureRecogniser.open(pack, runtime, poolSize, alignment)));
            if (pack.has(DlibRecogniser.ROLE)) {
                recognisers.add(track(opened, DlibRecogniser.open(pack, runtime, poolSize)));
            }
            LivenessModel liveness = pack.has(LivenessModel.ROLE) ? track(opened, LivenessModel.open(pack, runtime, poolSize)) : null;
            int ap = Math.min(ATTRIBUTE_POOL, poolSize);
            AgeEstimator age = pack.has(AgeEstimator.ROLE) ? track(opened, AgeEstimator.open(pack, runtime, ap)) : null;
            GenderEstimator gender = pack.has(GenderEstimator.ROLE) ? track(opened, GenderEstimator.open(pack, runtime, ap)) : null;
            ExpressionClassifier expression = pack.has(ExpressionClassifier.ROLE)
                    ? track(opened, ExpressionClassifier.open(pack, runtime, ap)) : null;
            return new FaceModels(detector, landmarker, liveness, recognisers, age, gender, expression);
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> opened, T model) {
        opened.add(model);
        return model;
    }

    public FaceDetector detector() {
        return detector;
    }

    public FaceLandmarker landmarker() {
        return landmarker;
    }

    public Optional<LivenessModel> liveness() {
        return Optional.ofNullable(liveness);
    }

    /** Every recogniser of the pack, the primary one (the gallery's) first. */
    public List<Recogniser> recognisers() {
        return recognisers;
    }

    public Recogniser primaryRecogniser() {
        return recognisers.get(0);
    }

    public boolean hasAttributes() {
        return age != null && gender != null && expression != null;
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
        List<AutoCloseable> all = new ArrayList<>(List.of(detector, landmarker));
        all.addAll(recognisers);
        for (AutoCloseable c : new AutoCloseable[] {liveness, age, gender, expression}) {
            if (c != null) {
                all.add(c);
            }
        }
        RuntimeException first = null;
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
