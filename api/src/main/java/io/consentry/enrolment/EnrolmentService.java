package io.consentry.enrolment;

import io.consentry.biometric.TemplateVault;
import io.consentry.consent.BiometricsChanged;
import io.consentry.consent.ConsentGuard;
import io.consentry.consent.ConsentRequiredException;
import io.consentry.consent.RefusalAudit;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.engine.ImageProblems;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.face.AnalyzeOptions;
import io.consentry.face.Face;
import io.consentry.face.FaceEngineException;
import io.consentry.notification.SubjectNotices;
import io.consentry.purpose.PurposeKind;
import io.consentry.subject.SubjectDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Selfie → engine (quality + liveness gates) → encrypted template, allowed only while a purpose that needs a template
 * is granted, and only for the subject's own face:
 * <ul>
 *   <li>a first face (no template of the configured pack yet) needs a session from a fresh invitation, whose link or
 *       code reached the subject's own address — never the long-lived personal link;</li>
 *   <li>a further face must match the enrolled one at the pack's strictest calibrated threshold, through the consent
 *       enforcement point (the templates never leave it);</li>
 *   <li>a face that does not match can only <em>replace</em> the enrolled one, explicitly, from a fresh invitation;</li>
 *   <li>a subject holds at most {@code consentry.enrolment.max-templates}; beyond that one is replaced explicitly.</li>
 * </ul>
 * Every enrolment is audited and announced to the subject at their address. The photo is kept (encrypted, in the
 * bucket) only with an active IMAGE_RETENTION consent; otherwise it never leaves this method's memory.
 */
@ApplicationScoped
public class EnrolmentService {

    private final CurrentEngine engine;
    private final SubjectDirectory subjects;
    private final ConsentGuard guard;
    private final RefusalAudit refusals;
    private final TemplateVault vault;
    private final TenantCrypto crypto;
    private final AuditTrail audit;
    private final SubjectNotices notices;
    private final Event<BiometricsChanged> changed;
    private final int maxImageBytes;
    private final int maxTemplates;
    private final io.consentry.core.engine.DecodeBudget budget;

    EnrolmentService(CurrentEngine engine, SubjectDirectory subjects, ConsentGuard guard, RefusalAudit refusals,
                     TemplateVault vault, TenantCrypto crypto, AuditTrail audit, SubjectNotices notices,
                     Event<BiometricsChanged> changed,
                     @ConfigProperty(name = "consentry.enrolment.max-image-bytes", defaultValue = "10485760") int maxImageBytes,
                     @ConfigProperty(name = "consentry.enrolment.max-templates", defaultValue = "3") int maxTemplates,
                     io.consentry.core.engine.DecodeBudget budget) {
        this.budget = budget;
        this.engine = engine;
        this.subjects = subjects;
        this.guard = guard;
        this.refusals = refusals;
        this.vault = vault;
        this.crypto = crypto;
        this.audit = audit;
        this.notices = notices;
        this.changed = changed;
        this.maxImageBytes = maxImageBytes;
        this.maxTemplates = maxTemplates;
    }

    /**
     * @param freshInvitation the request comes from a session opened with an invitation (not the personal link)
     * @param replaces        a template of the subject this face replaces (at the limit), or null to add
     * @param replaceAll      replace the enrolled face altogether (a face that does not match it); fresh invitation only
     */
    public record Request(UUID subjectId, byte[] image, boolean freshInvitation, UUID replaces, boolean replaceAll) {
    }

    /**
     * @param matchScore the live face's best score against the enrolled face (null for a first face or a replacement)
     */
    public record Enrolled(UUID templateId, float quality, float liveness, boolean imageRetained, int templates,
                           int templatesRemoved, Float matchScore) {
    }

    public Enrolled enrol(Request request) {
        UUID subjectId = request.subjectId();
        Actor actor = Actor.subject(subjectId.toString());
        if (!guard.anyTemplateConsent(subjectId)) {
            refusals.refused(actor, "enrolment", subjectId, "FACE_VERIFICATION|FACE_IDENTIFICATION");
            throw new ApiException(ProblemCode.CONSENT_REQUIRED, "Enrolment needs an active consent to face verification or identification; grant one first.");
        }
        if (request.replaceAll() && !request.freshInvitation()) {
            throw refuse(actor, subjectId, ProblemCode.FRESH_INVITATION_REQUIRED, "replace-without-invitation");
        }
        byte[] image = request.image();
        if (image == null || image.length == 0) {
            throw new ApiException(ProblemCode.IMAGE_REQUIRED, "Send the selfie as the request body (JPEG, PNG, BMP or WebP).");
        }
        if (image.length > maxImageBytes) {
            throw new ApiException(ProblemCode.IMAGE_TOO_LARGE, "The image has " + image.length + " bytes; at most " + maxImageBytes + " are accepted.");
        }
        Face face = analyse(image);
        return store(request, face, actor);
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
    Enrolled store(Request request, Face face, Actor actor) {
        UUID subjectId = request.subjectId();
        // Consent may have been withdrawn while the engine ran: check again inside the transaction, holding the
        // subject's lock so that no withdrawal (and no other enrolment) can commit between these checks and the insert.
        subjects.lock(subjectId);
        if (!guard.anyTemplateConsent(subjectId)) {
            throw new ConsentRequiredException("face verification or identification");
        }
        String pack = face.template().packId();
        long current = vault.currentCount(subjectId, pack);
        Float matchScore = null;
        long removed = 0;
        String how;
        if (request.replaceAll()) {
            removed = vault.deleteAll(subjectId);
            how = "replaced the enrolled face (fresh invitation)";
        } else if (current == 0) {
            if (!request.freshInvitation()) {
                throw refuse(actor, subjectId, ProblemCode.FRESH_INVITATION_REQUIRED, "first-face-without-invitation");
            }
            how = "first face (fresh invitation)";
        } else {
            float threshold = engine.strictestThreshold();
            ConsentGuard.Comparison comparison = guard.compareWithEnrolled(subjectId, face.template(), engine.engine()::score,
                    actor, "enrolment-check");
            if (!comparison.matches(threshold)) {
                refusals.refused(actor, "enrolment", subjectId, null, ProblemCode.FACE_NOT_VERIFIED.code(),
                        Map.of("threshold", String.format(java.util.Locale.ROOT, "%.4f", threshold),
                                "freshInvitation", Boolean.toString(request.freshInvitation())));
                throw new ApiException(ProblemCode.FACE_NOT_VERIFIED, request.freshInvitation()
                        ? "This photo does not match your enrolled face. If your face is to be replaced, choose “replace my face”."
                        : "This photo does not match your enrolled face, so it was not added. To replace your enrolled face, "
                        + "ask for a new invitation: it reaches you at your own address.");
            }
            matchScore = comparison.bestScore();
            if (request.replaces() != null) {
                if (!vault.ownsCurrent(subjectId, request.replaces(), pack)) {
                    throw new ApiException(ProblemCode.TEMPLATE_NOT_FOUND, "You have no template " + request.replaces() + ".");
                }
                vault.deleteTemplate(subjectId, request.replaces());
                removed = 1;
                how = "replaced one template (matching face)";
            } else if (current >= maxTemplates) {
                throw refuse(actor, subjectId, ProblemCode.TEMPLATE_LIMIT_REACHED, "limit-" + maxTemplates);
            } else {
                how = "added to the enrolled face (matching face)";
            }
            how = how + (request.freshInvitation() ? ", fresh invitation" : ", personal link");
        }
        UUID templateId = vault.store(subjectId, face.template());
        // Templates of a previous model pack are superseded by this enrolment, and a re-enrolment flag is settled.
        long staleReplaced = vault.retireStale(subjectId, pack);
        boolean retain = guard.anyActiveConsentOfKind(subjectId, PurposeKind.IMAGE_RETENTION);
        if (retain) {
            vault.retainImage(subjectId, templateId, request.image());
        }
        int templates = (int) vault.currentCount(subjectId, pack);
        changed.fire(new BiometricsChanged(crypto.tenantId(), subjectId));
        Instant now = Instant.now();
        String noticeTo = notices.enrolled(subjectId, new SubjectNotices.EnrolmentFacts(templateId, now, how, retain, templates,
                removed + staleReplaced));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("templateId", templateId.toString());
        details.put("how", how);
        details.put("imageRetained", Boolean.toString(retain));
        details.put("quality", String.format(java.util.Locale.ROOT, "%.3f", face.quality().score()));
        details.put("packId", pack);
        details.put("templatesRemoved", Long.toString(removed));
        details.put("staleTemplatesReplaced", Long.toString(staleReplaced));
        details.put("templates", Integer.toString(templates));
        if (matchScore != null) {
            details.put("matchScore", String.format(java.util.Locale.ROOT, "%.4f", matchScore));
        }
        details.put("noticeTo", noticeTo);
        audit.append(new AuditEvent(actor, request.replaceAll() || request.replaces() != null ? "enrolment.replaced" : "enrolment",
                subjectId.toString(), null, AuditOutcome.OK, details));
        return new Enrolled(templateId, face.quality().score(), face.liveness(), retain, templates, (int) removed, matchScore);
    }

    /** The subject's own templates as metadata (ids to replace one by), never a vector. */
    public java.util.List<TemplateVault.TemplateInfo> templates(UUID subjectId) {
        return vault.describe(subjectId);
    }

    /** Audits the refusal (it survives the rollback) and returns the problem to throw. */
    private ApiException refuse(Actor actor, UUID subjectId, ProblemCode code, String why) {
        refusals.refused(actor, "enrolment", subjectId, null, code.code(), Map.of("why", why));
        return switch (code) {
            case FRESH_INVITATION_REQUIRED -> new ApiException(code, "A first face, or a face that replaces your enrolled one, "
                    + "can only be enrolled right after you opened an invitation (it reaches you at your own address), not "
                    + "with your personal link. Ask for a new invitation.");
            case TEMPLATE_LIMIT_REACHED -> new ApiException(code, "You already have " + maxTemplates + " face templates; "
                    + "replace one of them (replaces=<template id>) instead of adding another.");
            default -> new ApiException(code, code.description());
        };
    }
}
