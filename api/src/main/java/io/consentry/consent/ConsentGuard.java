package io.consentry.consent;

import io.consentry.biometric.TemplateVault;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.face.Template;
import io.consentry.purpose.PurposeKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The single enforcement point: the only way code obtains decrypted templates, and the place every biometric
 * operation asks whether it may run. No active consent of the named kind → audited refusal, consent_required.
 */
@ApplicationScoped
public class ConsentGuard {

    private final ConsentLedger ledger;
    private final TemplateVault vault;
    private final RefusalAudit refusals;
    private final AuditTrail audit;

    ConsentGuard(ConsentLedger ledger, TemplateVault vault, RefusalAudit refusals, AuditTrail audit) {
        this.ledger = ledger;
        this.vault = vault;
        this.refusals = refusals;
        this.audit = audit;
    }

    public boolean hasActiveConsent(UUID subjectId, PurposeKind kind) {
        return ledger.active(subjectId, kind);
    }

    /** For operations without templates (attribute analysis, image retention): refuses (audited) without consent. */
    public void require(UUID subjectId, PurposeKind kind, Actor actor) {
        if (!ledger.active(subjectId, kind)) {
            refusals.refused(actor, "biometric." + kind.name().toLowerCase(), subjectId, kind);
            throw new ConsentRequiredException(kind);
        }
    }

    /** Decrypted templates of the subject, only with an active consent of that kind; otherwise audits the refusal and throws ConsentRequiredException (problem code consent_required, 403). */
    @Transactional
    public List<Template> templatesFor(UUID subjectId, PurposeKind kind, Actor actor) {
        if (!kind.needsTemplate()) {
            refusals.refused(actor, "biometric.templates", subjectId, kind);
            throw new ConsentRequiredException(kind);
        }
        require(subjectId, kind, actor);
        List<Template> templates = vault.decryptFor(List.of(subjectId)).stream().map(TemplateVault.Decrypted::template).toList();
        audit.append(new AuditEvent(actor, "biometric.templates.read", subjectId.toString(), kind.name(), AuditOutcome.OK,
                Map.of("templates", Integer.toString(templates.size()))));
        return templates;
    }

    /** The 1:N gallery material: every subject with an active FACE_IDENTIFICATION consent, decrypted. */
    @Transactional
    public List<GalleryMember> identificationGallery(Actor actor) {
        List<ConsentLedger.Member> members = ledger.activeSubjects(PurposeKind.FACE_IDENTIFICATION);
        Map<UUID, String> refs = members.stream().collect(Collectors.toMap(ConsentLedger.Member::subjectId,
                ConsentLedger.Member::externalRef, (a, b) -> a));
        Set<UUID> ids = refs.keySet();
        List<GalleryMember> gallery = vault.decryptFor(ids).stream()
                .map(d -> new GalleryMember(d.subjectId(), refs.get(d.subjectId()), d.templateId(), d.template()))
                .toList();
        audit.append(new AuditEvent(actor, "biometric.gallery.read", null, PurposeKind.FACE_IDENTIFICATION.name(), AuditOutcome.OK,
                Map.of("subjects", Integer.toString(ids.size()), "templates", Integer.toString(gallery.size()))));
        return gallery;
    }
}
