package io.consentry.consent;

import io.consentry.biometric.TemplateVault;
import io.consentry.core.audit.Actor;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.face.Face;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.face.Template;
import io.consentry.purpose.PurposeKind;
import io.consentry.purpose.PurposeRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.Collectors;

/**
 * The single enforcement point: the only way code obtains decrypted templates, and the place every biometric
 * operation asks whether it may run. Gates ask about exactly the purpose their site's policy names: consent to another
 * purpose of the same kind does not count. No active consent → audited refusal, consent_required.
 */
@ApplicationScoped
public class ConsentGuard {

    private final ConsentLedger ledger;
    private final TemplateVault vault;
    private final RefusalAudit refusals;
    private final AuditTrail audit;
    private final CurrentEngine engine;

    ConsentGuard(ConsentLedger ledger, TemplateVault vault, RefusalAudit refusals, AuditTrail audit, CurrentEngine engine) {
        this.ledger = ledger;
        this.vault = vault;
        this.refusals = refusals;
        this.audit = audit;
        this.engine = engine;
    }

    /** Whether the subject's consent to exactly this purpose is active now. */
    public boolean hasActiveConsent(UUID subjectId, PurposeRef purpose) {
        return ledger.active(subjectId, purpose.id());
    }

    /**
     * Whether any live purpose of the kind is granted. Only for processing that is not bound to one site's purpose:
     * making or keeping a template (any verification or identification purpose needs one), keeping the photo.
     */
    public boolean anyActiveConsentOfKind(UUID subjectId, PurposeKind kind) {
        return ledger.active(subjectId, kind);
    }

    /** The first live purpose of the kind the subject's consent to is active, if any (catalogue order). */
    public Optional<PurposeRef> activePurposeOfKind(UUID subjectId, PurposeKind kind) {
        return ledger.current(subjectId).stream().filter(c -> c.kind() == kind && c.active()).findFirst()
                .map(c -> new PurposeRef(c.purposeId(), c.code(), c.title(), c.kind()));
    }

    /** Whether a purpose that needs a template (verification or identification) is granted: enrolment may run. */
    public boolean anyTemplateConsent(UUID subjectId) {
        return ConsentService.TEMPLATE_KINDS.stream().anyMatch(kind -> ledger.active(subjectId, kind));
    }

    /**
     * Decrypted templates of the subject, only with an active consent to this purpose (of a kind that compares
     * templates); otherwise audits the refusal and throws ConsentRequiredException (problem code consent_required, 403).
     */
    @Transactional
    public List<Template> templatesFor(UUID subjectId, PurposeRef purpose, Actor actor) {
        if (!purpose.kind().needsTemplate() || !ledger.active(subjectId, purpose.id())) {
            refusals.refused(actor, "biometric.templates", subjectId, purpose.code());
            throw new ConsentRequiredException(purpose.code());
        }
        List<Template> templates = vault.decryptFor(List.of(subjectId)).stream().map(TemplateVault.Decrypted::template).toList();
        audit.append(new AuditEvent(actor, "biometric.templates.read", subjectId.toString(), purpose.code(), AuditOutcome.OK,
                Map.of("templates", Integer.toString(templates.size()), "purposeKind", purpose.kind().name())));
        return templates;
    }

    /**
     * How a live face compares with the subject's enrolled face.
     *
     * @param templates how many current-pack templates the subject has (0: nothing to compare with)
     * @param bestScore the best decision score over them (NaN when there are none)
     */
    public record Comparison(int templates, float bestScore) {
        public boolean matches(float threshold) {
            return templates > 0 && bestScore >= threshold;
        }
    }

    /**
     * Compares a live face with the subject's own enrolled templates, which never leave this class: only the score
     * does. For proving that a person acting in the subject's name has the subject's face (a new template through the
     * personal link, the engine view of one's own face, attribute analysis). Needs a granted purpose that keeps
     * templates (they exist only under one); the read is audited with {@code why}.
     */
    @Transactional
    public Comparison compareWithEnrolled(UUID subjectId, Template probe, ToDoubleBiFunction<Template, Template> score,
                                         Actor actor, String why) {
        if (!anyTemplateConsent(subjectId)) {
            refusals.refused(actor, "biometric.compare", subjectId, why);
            throw new ConsentRequiredException("face verification or identification");
        }
        float best = Float.NaN;
        int count = 0;
        for (TemplateVault.Decrypted enrolled : vault.decryptFor(List.of(subjectId))) {
            if (!enrolled.template().packId().equals(probe.packId())) {
                continue;
            }
            float s = (float) score.applyAsDouble(enrolled.template(), probe);
            best = count == 0 ? s : Math.max(best, s);
            count++;
        }
        audit.append(new AuditEvent(actor, "biometric.templates.read", subjectId.toString(), why, AuditOutcome.OK,
                Map.of("templates", Integer.toString(count), "use", "compare-with-live-face")));
        return new Comparison(count, best);
    }

    /**
     * The capability to estimate attributes of one face, issued only here and only when, now: {@code purpose} is a live
     * ATTRIBUTE_ANALYSIS purpose the subject has an active consent to, and {@code face} (analysed from a live image)
     * matches the subject's enrolled face at the pack's strictest calibrated threshold. Otherwise the refusal is
     * audited and thrown: consent_required, not_enrolled or face_not_verified.
     */
    @Transactional
    public AttributeConsent attributeConsent(UUID subjectId, PurposeRef purpose, Face face, Actor actor) {
        if (purpose.kind() != PurposeKind.ATTRIBUTE_ANALYSIS || !ledger.active(subjectId, purpose.id())) {
            refusals.refused(actor, "biometric.attributes", subjectId, purpose.code());
            throw new ConsentRequiredException(purpose.code());
        }
        if (face == null || face.template() == null) {
            throw new IllegalArgumentException("attribute consent needs the analysed face with its template");
        }
        Comparison comparison = compareWithEnrolled(subjectId, face.template(), engine.engine()::score, actor, purpose.code());
        if (comparison.templates() == 0) {
            refusals.refused(actor, "biometric.attributes", subjectId, purpose.code(), ProblemCode.NOT_ENROLLED.code(), Map.of());
            throw new ApiException(ProblemCode.NOT_ENROLLED, "There is no enrolled face to check this one against, so no "
                    + "attribute is estimated. Enrol first.");
        }
        float threshold = engine.strictestThreshold();
        if (!comparison.matches(threshold)) {
            refusals.refused(actor, "biometric.attributes", subjectId, purpose.code(), ProblemCode.FACE_NOT_VERIFIED.code(),
                    Map.of("threshold", String.format(java.util.Locale.ROOT, "%.4f", threshold)));
            throw new ApiException(ProblemCode.FACE_NOT_VERIFIED, "This face does not match the enrolled one; nothing was estimated.");
        }
        return AttributeConsent.issue(subjectId, purpose.code(), engine.attributeAuthority().grant(face.box(), purpose.code()));
    }

    /**
     * The 1:N gallery material of one identification purpose: every subject with an active consent to exactly that
     * purpose, decrypted. Sites that identify under another purpose get another gallery.
     */
    @Transactional
    public List<GalleryMember> identificationGallery(PurposeRef purpose, Actor actor) {
        List<GalleryMember> gallery = new java.util.ArrayList<>();
        identificationGallery(purpose, actor, new GalleryMemberSink() {
            @Override
            public boolean expect(long templates) {
                return true;
            }

            @Override
            public void accept(List<GalleryMember> batch) {
                gallery.addAll(batch);
            }
        });
        return gallery;
    }

    /**
     * As above, handed to {@code sink} in batches as the vault opens them (see {@link GalleryMemberSink}); returns the
     * number of templates handed on. The consent check is the same: only the members the ledger names are read.
     */
    @Transactional
    public long identificationGallery(PurposeRef purpose, Actor actor, GalleryMemberSink sink) {
        if (purpose.kind() != PurposeKind.FACE_IDENTIFICATION) {
            refusals.refused(actor, "biometric.gallery", null, purpose.code());
            throw new ConsentRequiredException(purpose.code());
        }
        List<ConsentLedger.Member> members = ledger.activeSubjects(purpose.id());
        Map<UUID, String> refs = members.stream().collect(Collectors.toMap(ConsentLedger.Member::subjectId,
                ConsentLedger.Member::externalRef, (a, b) -> a));
        Set<UUID> ids = refs.keySet();
        long templates = vault.openForGallery(ids, sink::expect, batch -> {
            List<GalleryMember> out = new java.util.ArrayList<>(batch.size());
            for (TemplateVault.Indexed d : batch) {
                out.add(new GalleryMember(d.subjectId(), refs.get(d.subjectId()), d.templateId(), d.template()));
            }
            sink.accept(out);
        });
        audit.append(new AuditEvent(actor, "biometric.gallery.read", null, purpose.code(), AuditOutcome.OK,
                Map.of("subjects", Integer.toString(ids.size()), "templates", Long.toString(templates))));
        return templates;
    }
}
