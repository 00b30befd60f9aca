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
import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * The only caller of the engine's attribute models ({@code FaceEngine.attributes}), and only with the capability the
 * consent enforcement point issues for one subject's verified face: the engine estimates that face and no other. Every estimate is counted ({@code consentry_attribute_estimates_total}) and audited — that it happened,
 * for whom and under which purpose; never the estimates themselves.
 */
@ApplicationScoped
public class AttributeAnalysis {

    private final CurrentEngine engine;
    private final AuditTrail audit;
    private final Counter estimates;
    private final io.consentry.core.engine.DecodeBudget budget;

    AttributeAnalysis(CurrentEngine engine, AuditTrail audit, MeterRegistry meters, io.consentry.core.engine.DecodeBudget budget) {
        this.engine = engine;
        this.budget = budget;
        this.audit = audit;
        this.estimates = Counter.builder("consentry.attribute.estimates")
                .description("Attribute estimates made (each for one subject's verified face, under their consent)")
                .register(meters);
    }

    public AttributeView estimate(AttributeConsent consent, byte[] image) {
        Attributes a;
        try {
            // The image is decoded again: within the replica's decode budget like every analysis.
            a = budget.run(image, () -> attributes(consent, image));
        } catch (FaceEngineException e) {
            if (e.code() == ErrorCode.INVALID_MODEL_PACK) {
                throw new ApiException(ProblemCode.ATTRIBUTES_UNAVAILABLE, "The configured model pack has no attribute models.");
            }
            if (e.code() == ErrorCode.NO_FACE_FOUND) {
                throw new ApiException(ProblemCode.FACE_NOT_VERIFIED, "Only the verified face may be analysed; it is not in this image, so nothing was estimated.");
            }
            throw ImageProblems.of(e);
        } catch (IllegalArgumentException e) {
            // the grant came from the engine of another model pack (the pack changed between check and estimate)
            throw new ApiException(ProblemCode.ATTRIBUTES_UNAVAILABLE, "The model pack changed while your face was being checked; nothing was estimated. Try again.");
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // A native failure on hostile input must not become a 500 or take the process down.
            throw ImageProblems.unprocessable();
        }
        estimates.increment();
        QuarkusTransaction.requiringNew().run(() -> audit.append(new AuditEvent(Actor.subject(consent.subjectId().toString()),
                "biometric.attributes", consent.subjectId().toString(), consent.purpose(), AuditOutcome.OK,
                Map.of("estimated", "age,gender,expression"))));
        return new AttributeView(consent.purpose(), a.age(), a.genderScore(), a.expression(), a.expressionClass());
    }

    private Attributes attributes(AttributeConsent consent, byte[] image) {
        return engine.engine().attributes(image, consent.grant());
    }
}
