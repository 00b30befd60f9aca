package io.consentry.attributes;

import io.consentry.consent.AttributeConsent;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.engine.ImageProblems;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.face.Attributes;
import io.consentry.face.Box;
import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;
import io.consentry.face.Pick;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * The only caller of the engine's attribute models ({@code FaceEngine.attributes}), and only with the capability the
 * consent enforcement point issues for one subject's verified face: the estimates of any other face in the image are
 * never kept. Every estimate is counted ({@code consentry_attribute_estimates_total}) and audited — that it happened,
 * for whom and under which purpose; never the estimates themselves.
 */
@ApplicationScoped
public class AttributeAnalysis {

    /** The estimated face must be the verified one: boxes from two runs of the same detector overlap almost fully. */
    static final float MIN_OVERLAP = 0.5f;

    private final CurrentEngine engine;
    private final AuditTrail audit;
    private final Counter estimates;

    AttributeAnalysis(CurrentEngine engine, AuditTrail audit, MeterRegistry meters) {
        this.engine = engine;
        this.audit = audit;
        this.estimates = Counter.builder("consentry.attribute.estimates")
                .description("Attribute estimates made (each for one subject's verified face, under their consent)")
                .register(meters);
    }

    public AttributeView estimate(AttributeConsent consent, byte[] image) {
        List<Attributes> found;
        try {
            found = engine.engine().attributes(image, Pick.ALL);
        } catch (FaceEngineException e) {
            if (e.code() == ErrorCode.INVALID_MODEL_PACK) {
                throw new ApiException(ProblemCode.ATTRIBUTES_UNAVAILABLE, "The configured model pack has no attribute models.");
            }
            throw ImageProblems.of(e);
        }
        // Only the face the guard verified: a second face in the image (or a box elsewhere) is not the subject.
        if (found.size() != 1 || overlap(found.get(0).box(), consent.faceBox()) < MIN_OVERLAP) {
            throw new ApiException(ProblemCode.FACE_NOT_VERIFIED, "Only the verified face may be analysed, alone in the picture; nothing was estimated.");
        }
        Attributes a = found.get(0);
        estimates.increment();
        QuarkusTransaction.requiringNew().run(() -> audit.append(new AuditEvent(Actor.subject(consent.subjectId().toString()),
                "biometric.attributes", consent.subjectId().toString(), consent.purpose(), AuditOutcome.OK,
                Map.of("estimated", "age,gender,expression"))));
        return new AttributeView(consent.purpose(), a.age(), a.genderScore(), a.expression(), a.expressionClass());
    }

    /** Intersection over union of two boxes. */
    static float overlap(Box a, Box b) {
        float x1 = Math.max(a.x(), b.x());
        float y1 = Math.max(a.y(), b.y());
        float x2 = Math.min(a.x() + a.width(), b.x() + b.width());
        float y2 = Math.min(a.y() + a.height(), b.y() + b.height());
        float inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        float union = a.width() * a.height() + b.width() * b.height() - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
