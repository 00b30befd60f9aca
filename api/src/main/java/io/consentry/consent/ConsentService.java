package io.consentry.consent;

import io.consentry.core.problem.ProblemCode;
import io.consentry.biometric.TemplateVault;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.problem.ApiException;
import io.consentry.notification.SubjectNotices;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeKind;
import io.consentry.purpose.PurposeView;
import io.consentry.receipt.Receipts;
import io.consentry.subject.SubjectDirectory;
import io.consentry.subject.SubjectRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Records consent decisions as events and applies their effects. The only writer of consent_event. Only the subject
 * (through the portal) can grant; withdrawal also comes from expiry and erasure.
 */
@ApplicationScoped
public class ConsentService {

    public static final Set<PurposeKind> TEMPLATE_KINDS = Set.of(PurposeKind.FACE_VERIFICATION, PurposeKind.FACE_IDENTIFICATION);

    private final PurposeCatalog catalog;
    private final ConsentLedger ledger;
    private final SubjectDirectory subjects;
    private final Receipts receipts;
    private final TemplateVault vault;
    private final TenantCrypto crypto;
    private final AuditTrail audit;
    private final Event<BiometricsChanged> biometricsChanged;
    private final SubjectNotices notices;

    ConsentService(PurposeCatalog catalog, ConsentLedger ledger, SubjectDirectory subjects, Receipts receipts,
                   TemplateVault vault, TenantCrypto crypto, AuditTrail audit, Event<BiometricsChanged> biometricsChanged,
                   SubjectNotices notices) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.subjects = subjects;
        this.receipts = receipts;
        this.vault = vault;
        this.crypto = crypto;
        this.audit = audit;
        this.biometricsChanged = biometricsChanged;
        this.notices = notices;
    }

    public enum Decision { GRANT, REFUSE }

    public record Outcome(UUID eventId, String purpose, ConsentLedger.State state, UUID receiptId, Instant expiresAt,
                          long templatesDeleted) {
    }

    /**
     * A guardian deciding for a minor. The guardianship feature checked the link before it names one; this service
     * checks that the subject is still below the age of consent, so a link alone never outlives the childhood.
     */
    public record Guardian(UUID id, String name) {
    }

    /** A grant or refusal by the subject for exactly one purpose, against the notice version they were shown. */
    @Transactional
    public Outcome decide(UUID subjectId, String purposeCode, Decision decision, String noticeHash, String method, String channel) {
        return decide(subjectId, purposeCode, decision, noticeHash, method, channel, null);
    }

    /**
     * A grant or refusal for exactly one purpose, by the subject ({@code guardian} null) or, for a minor, by their
     * guardian. A minor cannot decide for themselves; a guardian cannot decide for someone who has come of age.
     */
    @Transactional
    public Outcome decide(UUID subjectId, String purposeCode, Decision decision, String noticeHash, String method, String channel,
                          Guardian guardian) {
        subjects.lock(subjectId);
        SubjectRef subject = requireSubject(subjectId);
        requireDecider(subjectId, guardian);
        PurposeView purpose = requirePurpose(purposeCode);
        if (!catalog.inForce(purpose.id())) {
            // A face purpose without an approved impact assessment is switched off: nobody decides on it yet.
            throw new ApiException(ProblemCode.IMPACT_ASSESSMENT_REQUIRED, "'" + purposeCode + "' is not in use yet: the "
                    + "organisation has not recorded an approved impact assessment for it, so nobody can grant or refuse it.");
        }
        PurposeView.Notice notice = purpose.notice();
        if (noticeHash == null || !notice.contentHash().equals(noticeHash)) {
            throw new ApiException(ProblemCode.NOTICE_OUTDATED, "The notice of '" + purposeCode + "' you answered is not its current "
                    + "version (" + notice.version() + "); read the current notice and send its noticeHash.");
        }
        ConsentLedger.Current current = ledger.currentFor(subjectId, purpose.id());
        if (decision == Decision.REFUSE && current != null && current.state().held()) {
            throw new ApiException(ProblemCode.CONSENT_ACTIVE, "You have granted '" + purposeCode + "'; withdraw it instead.");
        }
        Instant now = Instant.now();
        ConsentEvent.Type type = decision == Decision.GRANT ? ConsentEvent.Type.GRANTED : ConsentEvent.Type.REFUSED;
        Instant expires = type == ConsentEvent.Type.GRANTED ? now.plus(Duration.ofDays(purpose.retentionDays())) : null;
        // Grants and refusals both get a receipt: a refusal is evidence too (that nothing may be processed).
        ConsentEvent event = append(subjectId, purpose, notice.id(), notice.contentHash(), type, now, expires, method, channel, true);
        byte[] receipt = receipts.issue(facts(event, subject, purpose, notice), onBehalf(guardian));
        String noticeTo = SubjectNotices.NONE;
        if (type == ConsentEvent.Type.GRANTED) {
            // The subject hears of every grant made in their name, with its receipt, at their own address.
            noticeTo = notices.consentRecorded(subjectId, new SubjectNotices.ConsentFacts(purpose.code(), purpose.title(),
                    type.name(), notice.version(), event.occurredAt, channel, event.receiptId, receipt));
            if (purpose.kind() == PurposeKind.FACE_IDENTIFICATION) {
                biometricsChanged.fire(new BiometricsChanged(crypto.tenantId(), subjectId));
            }
        }
        auditDecision(guardian == null ? Actor.subject(subjectId.toString()) : Actor.subject(guardian.id().toString()),
                "consent." + type.name().toLowerCase(), subjectId, purpose, notice, event, noticeTo, guardian);
        return new Outcome(event.id, purpose.code(), ConsentLedger.State.valueOf(type.name()), event.receiptId, expires, 0);
    }

    /** Withdrawal by the subject: always possible while granted; has the effects of {@link #end}. */
    @Transactional
    public Outcome withdraw(UUID subjectId, String purposeCode, String method, String channel, Actor actor) {
        return withdraw(subjectId, purposeCode, method, channel, actor, null);
    }

    /** Withdrawal by the subject or, for a minor, by their guardian (see {@link #decide}). */
    @Transactional
    public Outcome withdraw(UUID subjectId, String purposeCode, String method, String channel, Actor actor, Guardian guardian) {
        subjects.lock(subjectId);
        requireSubject(subjectId);
        requireDecider(subjectId, guardian);
        PurposeView purpose = requirePurpose(purposeCode);
        ConsentLedger.Current current = ledger.currentFor(subjectId, purpose.id());
        if (current == null || !current.state().held()) {
            throw new ApiException(ProblemCode.CONSENT_NOT_ACTIVE, "There is no active consent for '" + purposeCode + "' to withdraw.");
        }
        return end(subjectId, purpose, ConsentEvent.Type.WITHDRAWN, method, channel, actor, true, guardian);
    }

    /**
     * Ends a grant (withdrawal, expiry, erasure): appends the event, issues a receipt if asked, and deletes what the
     * subject no longer consents to — every template once no template-needing purpose is active, the retained
     * images with the retention consent — and tells gallery caches.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome end(UUID subjectId, PurposeView purpose, ConsentEvent.Type type, String method, String channel, Actor actor,
                       boolean withReceipt) {
        return end(subjectId, purpose, type, method, channel, actor, withReceipt, null);
    }

    private Outcome end(UUID subjectId, PurposeView purpose, ConsentEvent.Type type, String method, String channel, Actor actor,
                        boolean withReceipt, Guardian guardian) {
        subjects.lock(subjectId);
        ConsentLedger.Current current = ledger.currentFor(subjectId, purpose.id());
        PurposeView.Notice notice = catalog.noticeByHash(purpose.id(), current.noticeHash()).orElseThrow();
        ConsentEvent event = append(subjectId, purpose, notice.id(), notice.contentHash(), type, Instant.now(), null, method, channel,
                withReceipt);
        String noticeTo = SubjectNotices.NONE;
        if (withReceipt) {
            byte[] receipt = receipts.issue(facts(event, requireSubject(subjectId), purpose, notice), onBehalf(guardian));
            noticeTo = notices.consentRecorded(subjectId, new SubjectNotices.ConsentFacts(purpose.code(), purpose.title(),
                    type.name(), notice.version(), event.occurredAt, channel, event.receiptId, receipt));
        }
        long deleted = 0;
        boolean changed = purpose.kind() == PurposeKind.FACE_IDENTIFICATION;
        // Templates go once no grant that needs them still stands (a grant paused for re-consent still stands).
        if (purpose.kind().needsTemplate() && !ledger.anyHeld(subjectId, TEMPLATE_KINDS)) {
            deleted = vault.deleteAll(subjectId);
            changed |= deleted > 0;
        }
        long images = 0;
        if (purpose.kind() == PurposeKind.IMAGE_RETENTION) {
            images = vault.deleteImages(subjectId);
        }
        if (changed) {
            biometricsChanged.fire(new BiometricsChanged(crypto.tenantId(), subjectId));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("eventId", event.id.toString());
        details.put("templatesDeleted", Long.toString(deleted));
        // What went and why, for the retention report: the method says withdrawal, expiry, erasure or retirement.
        details.put("imagesDeleted", Long.toString(images));
        details.put("method", method);
        details.put("channel", channel);
        details.put("noticeTo", noticeTo);
        if (guardian != null) {
            details.put("decidedBy", "guardian");
            details.put("guardianId", guardian.id().toString());
        }
        audit.append(new AuditEvent(actor, "consent." + type.name().toLowerCase(), subjectId.toString(), purpose.code(), AuditOutcome.OK, details));
        return new Outcome(event.id, purpose.code(), ConsentLedger.State.valueOf(type.name()), event.receiptId, null, deleted);
    }

    private ConsentEvent append(UUID subjectId, PurposeView purpose, UUID noticeId, String noticeHash, ConsentEvent.Type type,
                                Instant at, Instant expires, String method, String channel, boolean receipt) {
        ConsentEvent event = new ConsentEvent();
        event.id = UUID.randomUUID();
        event.subjectId = subjectId;
        event.purposeId = purpose.id();
        event.event = type;
        event.noticeId = noticeId;
        event.noticeHash = noticeHash;
        event.occurredAt = at;
        event.expiresAt = expires;
        event.method = method;
        event.channel = channel;
        event.receiptId = receipt ? UUID.randomUUID() : null;
        event.persistAndFlush();
        return event;
    }

    private Receipts.Facts facts(ConsentEvent e, SubjectRef subject, PurposeView purpose, PurposeView.Notice notice) {
        return new Receipts.Facts(e.receiptId, e.id, e.subjectId, subject.externalRef(), e.event.name(), purpose.code(), purpose.title(),
                purpose.kind().name(), notice.version(), notice.contentHash(), notice.language(), e.occurredAt, e.expiresAt, e.method, e.channel,
                notice.text(), notice.content());
    }

    /** The audit records how the subject reached us (the portal channel and its contact check) and where we told them. */
    private void auditDecision(Actor actor, String action, UUID subjectId, PurposeView purpose, PurposeView.Notice notice,
                               ConsentEvent event, String noticeTo, Guardian guardian) {
        Map<String, String> details = new LinkedHashMap<>(Map.of("eventId", event.id.toString(), "noticeVersion",
                Integer.toString(notice.version()), "noticeHash", notice.contentHash(), "channel", event.channel, "noticeTo", noticeTo));
        if (guardian != null) {
            details.put("decidedBy", "guardian");
            details.put("guardianId", guardian.id().toString());
        }
        audit.append(new AuditEvent(actor, action, subjectId.toString(), purpose.code(), AuditOutcome.OK, details));
    }

    /**
     * Below the age of consent only a guardian decides (PIPL art. 31); from that age only the subject does, whatever
     * guardian links remain.
     */
    private void requireDecider(UUID subjectId, Guardian guardian) {
        boolean minor = subjects.minor(subjectId, java.time.LocalDate.now());
        if (minor && guardian == null) {
            throw new ApiException(ProblemCode.GUARDIAN_REQUIRED, "Below the age of consent, your guardian decides this for "
                    + "you, through their own invitation; you can see every decision here.");
        }
        if (!minor && guardian != null) {
            throw new ApiException(ProblemCode.GUARDIAN_NOT_ENTITLED, "This person has reached the age of consent and "
                    + "decides for themselves; a guardian can no longer decide for them.");
        }
    }

    private static Receipts.OnBehalf onBehalf(Guardian guardian) {
        return guardian == null ? null : new Receipts.OnBehalf(guardian.id(), guardian.name());
    }

    private SubjectRef requireSubject(UUID subjectId) {
        return subjects.findById(subjectId).orElseThrow(() ->
                new ApiException(ProblemCode.SUBJECT_NOT_FOUND, "There is no such subject."));
    }

    private PurposeView requirePurpose(String code) {
        return catalog.find(code).orElseThrow(() ->
                new ApiException(ProblemCode.UNKNOWN_PURPOSE, "There is no purpose with the code '" + code + "'."));
    }
}
