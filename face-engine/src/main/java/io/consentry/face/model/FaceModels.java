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
 * The models of a {@code faceplugin}-family pack that decisions use, each behind its wrapper. Optional roles (liveness,
 * the second recogniser) are absent when the pack does not declare them. The attribute models are not among them:
 * they are opened only for a granted estimate ({@link AttributeModels}).
 */
public final class FaceModels implements AutoCloseable {
    /** The pack family whose roles these wrappers implement. */
    public static final String FAMILY = "faceplugin";

    private final FaceDetector detector;
    private final FaceLandmarker landmarker;
    private final LivenessModel liveness;
    private final List<Recogniser> recognisers;

    public FaceModels(FaceDetector detector, FaceLandmarker landmarker, LivenessModel liveness, List<Recogniser> recognisers) {
        if (recognisers.isEmpty()) {
            throw new IllegalArgumentException("at least one recogniser");
        }
        this.detector = detector;
        this.landmarker = landmarker;
        this.liveness = liveness;
        this.recognisers = List.copyOf(recognisers);
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
            return new FaceModels(detector, landmarker, liveness, recognisers);
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

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(List.of(detector, landmarker));
        all.addAll(recognisers);
        if (liveness != null) {
            all.add(liveness);
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
