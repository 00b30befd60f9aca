package io.consentry.enrolment;

import io.consentry.core.problem.ProblemCode;
import io.consentry.biometric.TemplateVault;
import io.consentry.consent.BiometricsChanged;
import io.consentry.consent.ConsentGuard;
import io.consentry.consent.ConsentRequiredException;
import io.consentry.consent.ConsentService;
import io.consentry.consent.RefusalAudit;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.engine.ImageProblems;
import io.consentry.core.problem.ApiException;
import io.consentry.face.AnalyzeOptions;
import io.consentry.face.Face;
import io.consentry.face.FaceEngineException;
import io.consentry.purpose.PurposeKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.UUID;

/**
 * Selfie → engine (quality + liveness gates) → encrypted template. Allowed only while a purpose that needs a template
 * is granted. The photo is kept (encrypted, in the bucket) only with an active IMAGE_RETENTION consent; otherwise it
 * never leaves this method's memory.
 */
@ApplicationScoped
public class EnrolmentService {

    private final CurrentEngine engine;
    private final io.consentry.subject.SubjectDirectory subjects;
    private final ConsentGuard guard;
    private final RefusalAudit refusals;
    private final TemplateVault vault;
    private final TenantCrypto crypto;
    private final AuditTrail audit;
    private final Event<BiometricsChanged> changed;
    private final int maxImageBytes;
    private final io.consentry.core.engine.DecodeBudget budget;

    EnrolmentService(CurrentEngine engine, io.consentry.subject.SubjectDirectory subjects, ConsentGuard guard,
                     RefusalAudit refusals, TemplateVault vault, TenantCrypto crypto, AuditTrail audit,
                     Event<BiometricsChanged> changed,
                     @ConfigProperty(name = "consentry.enrolment.max-image-bytes", defaultValue = "10485760") int maxImageBytes,
                     io.consentry.core.engine.DecodeBudget budget) {
        this.budget = budget;
        this.engine = engine;
        this.subjects = subjects;
        this.guard = guard;
        this.refusals = refusals;
        this.vault = vault;
        this.crypto = crypto;
        this.audit = audit;
        this.changed = changed;
        this.maxImageBytes = maxImageBytes;
    }

    public record Enrolled(UUID templateId, float quality, float liveness, boolean imageRetained) {
    }

    public Enrolled enrol(UUID subjectId, byte[] image) {
        Actor actor = Actor.subject(subjectId.toString());
        if (!hasTemplateConsent(subjectId)) {
            refusals.refused(actor, "enrolment", subjectId, PurposeKind.FACE_VERIFICATION);
            throw new ApiException(ProblemCode.CONSENT_REQUIRED, "Enrolment needs an active consent to face verification or identification; grant one first.");
        }
        if (image == null || image.length == 0) {
            throw new ApiException(ProblemCode.IMAGE_REQUIRED, "Send the selfie as the request body (JPEG, PNG, BMP or WebP).");
        }
        if (image.length > maxImageBytes) {
            throw new ApiException(ProblemCode.IMAGE_TOO_LARGE, "The image has " + image.length + " bytes; at most " + maxImageBytes + " are accepted.");
        }
        Face face = analyse(image);
        return store(subjectId, face, image, actor);
    }

    private boolean hasTemplateConsent(UUID subjectId) {
        return ConsentService.TEMPLATE_KINDS.stream().anyMatch(kind -> guard.hasActiveConsent(subjectId, kind));
    }

    private Face analyse(byte[] image) {
        try {
            return budget.run(image, () -> engine.engine().analyzeSingle(image, AnalyzeOptions.defaults().withLiveness(true)));
        } catch (FaceEngineException e) {
            throw ImageProblems.of(e);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // A native failure on hostile input must not become a 500 or take the process down.
            throw new ApiException(ProblemCode.UNPROCESSABLE_IMAGE, "The image could not be analysed; send a plain JPEG or PNG photo of one face.");
        }
    }

    @Transactional
    Enrolled store(UUID subjectId, Face face, byte[] image, Actor actor) {
        // Consent may have been withdrawn while the engine ran: check again inside the transaction, holding the
        // subject's lock so that no withdrawal can commit between this check and the insert.
        subjects.lock(subjectId);
        if (!hasTemplateConsent(subjectId)) {
            throw new ConsentRequiredException(PurposeKind.FACE_VERIFICATION);
        }
        UUID templateId = vault.store(subjectId, face.template());
        // Templates of a previous model pack are superseded by this enrolment, and a re-enrolment flag is settled.
        long staleReplaced = vault.retireStale(subjectId, face.template().packId());
        boolean retain = guard.hasActiveConsent(subjectId, PurposeKind.IMAGE_RETENTION);
        if (retain) {
            vault.retainImage(subjectId, templateId, image);
        }
        changed.fire(new BiometricsChanged(crypto.tenantId(), subjectId));
        audit.append(new AuditEvent(actor, "enrolment", subjectId.toString(), null, AuditOutcome.OK,
                Map.of("templateId", templateId.toString(), "imageRetained", Boolean.toString(retain),
                        "quality", String.format("%.3f", face.quality().score()), "packId", face.template().packId(),
                        "staleTemplatesReplaced", Long.toString(staleReplaced))));
        return new Enrolled(templateId, face.quality().score(), face.liveness(), retain);
    }
}
