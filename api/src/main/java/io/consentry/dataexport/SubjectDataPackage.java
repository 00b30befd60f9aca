package io.consentry.dataexport;

import io.consentry.biometric.TemplateVault;
import io.consentry.consent.ConsentLedger;
import io.consentry.core.audit.AuditEntryView;
import io.consentry.core.audit.AuditLog;
import io.consentry.core.security.CallerTenant;
import io.consentry.credential.CredentialView;
import io.consentry.credential.Credentials;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.receipt.Receipts;
import io.consentry.subject.Subjects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Collects what the tenant holds about one subject into one document. Face templates are described, not included:
 * the vector is only useful to a matcher, and a leaked export must not let anyone pass a gate as the subject.
 * Secrets of credentials (PIN hashes, QR tokens, TOTP seeds) are never included for the same reason, and card ids
 * are masked: a card id alone opens a gate.
 */
@ApplicationScoped
class SubjectDataPackage {

    static final String FORMAT = "consentry-subject-export/1";

    private final CallerTenant caller;
    private final Subjects subjects;
    private final ConsentLedger ledger;
    private final PurposeCatalog catalog;
    private final Receipts receipts;
    private final Credentials credentials;
    private final TemplateVault vault;
    private final AuditLog auditLog;

    SubjectDataPackage(CallerTenant caller, Subjects subjects, ConsentLedger ledger, PurposeCatalog catalog,
                       Receipts receipts, Credentials credentials, TemplateVault vault, AuditLog auditLog) {
        this.caller = caller;
        this.subjects = subjects;
        this.ledger = ledger;
        this.catalog = catalog;
        this.receipts = receipts;
        this.credentials = credentials;
        this.vault = vault;
        this.auditLog = auditLog;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    Map<String, Object> build(UUID exportId, UUID subjectId, Instant now) {
        var tenant = caller.require();
        Subjects.View subject = subjects.require(subjectId);
        Optional<TemplateVault.Reenrolment> reenrolment = vault.reenrolment(subjectId);
        Map<UUID, String> purposeCodes = catalog.codesById();

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("exportId", exportId.toString());
        doc.put("generatedAt", now.toString());
        doc.put("controller", Map.of("name", tenant.displayName, "id", tenant.slug));
        doc.put("subject", subjectSection(subject, reenrolment.orElse(null)));
        doc.put("consents", ledger.current(subjectId).stream().map(SubjectDataPackage::consent).toList());
        doc.put("consentHistory", ledger.history(subjectId).stream().map(e -> consentEvent(e, purposeCodes)).toList());
        doc.put("receipts", receipts.list(subjectId));
        doc.put("biometrics", biometrics(subjectId));
        doc.put("credentials", credentials.list(subjectId).stream().map(SubjectDataPackage::credential).toList());
        doc.put("activity", auditLog.about(subjectId.toString()).stream().map(SubjectDataPackage::activity).toList());
        return doc;
    }

    private static Map<String, Object> subjectSection(Subjects.View s, TemplateVault.Reenrolment reenrolment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id().toString());
        m.put("externalRef", s.externalRef());
        m.put("displayName", s.displayName());
        m.put("contact", s.contact());
        m.put("createdAt", s.createdAt().toString());
        if (reenrolment != null) {
            // The face model changed and no kept photo could rebuild the template: the subject is asked to enrol again.
            m.put("reenrolmentRequired", Map.of("reason", reenrolment.reason(), "since", reenrolment.flaggedAt().toString()));
        }
        return m;
    }

    private static Map<String, Object> consent(ConsentLedger.Current c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("purpose", c.code());
        m.put("title", c.title());
        m.put("kind", c.kind().name());
        m.put("state", c.state().name());
        m.put("since", c.since() == null ? null : c.since().toString());
        m.put("expiresAt", c.expiresAt() == null ? null : c.expiresAt().toString());
        m.put("noticeHash", c.noticeHash());
        return m;
    }

    private static Map<String, Object> consentEvent(ConsentLedger.HistoryEntry e, Map<UUID, String> purposeCodes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id().toString());
        m.put("purpose", purposeCodes.getOrDefault(e.purposeId(), e.purposeId().toString()));
        m.put("event", e.event());
        m.put("noticeHash", e.noticeHash());
        m.put("occurredAt", e.occurredAt().toString());
        m.put("method", e.method());
        m.put("channel", e.channel());
        m.put("receiptId", e.receiptId() == null ? null : e.receiptId().toString());
        return m;
    }

    private Map<String, Object> biometrics(UUID subjectId) {
        List<TemplateVault.TemplateInfo> templates = vault.describe(subjectId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("templates", templates);
        m.put("keptPhotos", templates.stream().filter(TemplateVault.TemplateInfo::photoKept).count());
        m.put("note", "Face templates are numbers computed from your photo. They are stored encrypted and are listed "
                + "here but not included, so that this file cannot be used to impersonate you. Kept photos are only "
                + "stored when you consented to photo retention.");
        return m;
    }

    private static Map<String, Object> credential(CredentialView c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id().toString());
        m.put("kind", c.kind().name());
        m.put("status", c.status());
        m.put("label", c.label());
        m.put("cardId", maskedCard(c.cardId()));
        m.put("createdAt", c.createdAt().toString());
        m.put("usedAt", c.usedAt() == null ? null : c.usedAt().toString());
        m.put("revokedAt", c.revokedAt() == null ? null : c.revokedAt().toString());
        return m;
    }

    /**
     * A card id opens a gate by itself (CARD is a claim and an alternative), so the export shows only enough to
     * recognise the card: its last four characters, and nothing of a card id shorter than eight.
     */
    static String maskedCard(String cardId) {
        if (cardId == null) {
            return null;
        }
        String id = cardId.strip();
        return id.length() < 8 ? "••••" : "••••" + id.substring(id.length() - 4);
    }

    private static Map<String, Object> activity(AuditEntryView e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.occurredAt().toString());
        m.put("action", e.action());
        m.put("by", e.actorType().name());
        m.put("purpose", e.purpose());
        m.put("outcome", e.outcome());
        return m;
    }
}
