package io.consentry.erasure;

import io.consentry.core.problem.ProblemCode;
import io.consentry.biometric.TemplateVault;
import io.consentry.consent.BiometricsChanged;
import io.consentry.consent.ConsentEvent;
import io.consentry.consent.ConsentLedger;
import io.consentry.consent.ConsentService;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.credential.Credentials;
import io.consentry.dataexport.SubjectDataExports;
import io.consentry.portal.PortalTokens;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.receipt.Receipts;
import io.consentry.subject.Subjects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Map;
import java.util.UUID;

/**
 * Erases a subject: active consents end (WITHDRAWN, method "erasure"), templates and kept photos go, receipt documents
 * go (they name the subject), export packages go, alternative credentials go, tokens are revoked, name and contact
 * are blanked. Kept as minimal evidence: the consent
 * events (ids, notice hashes, times) and the receipt rows (ids, document hashes, times).
 */
@ApplicationScoped
public class SubjectErasure {

    private final Subjects subjects;
    private final ConsentLedger ledger;
    private final ConsentService consents;
    private final PurposeCatalog catalog;
    private final TemplateVault vault;
    private final Receipts receipts;
    private final PortalTokens tokens;
    private final Credentials credentials;
    private final SubjectDataExports exports;
    private final AuditTrail audit;
    private final jakarta.enterprise.event.Event<BiometricsChanged> changed;
    private final io.consentry.notification.SubjectNotices notices;
    private final io.consentry.accessrights.Groups groups;

    SubjectErasure(Subjects subjects, ConsentLedger ledger, ConsentService consents, PurposeCatalog catalog,
                   TemplateVault vault, Receipts receipts, PortalTokens tokens, Credentials credentials,
                   SubjectDataExports exports, AuditTrail audit,
                   jakarta.enterprise.event.Event<BiometricsChanged> changed, io.consentry.notification.SubjectNotices notices,
                   io.consentry.accessrights.Groups groups) {
        this.groups = groups;
        this.subjects = subjects;
        this.ledger = ledger;
        this.consents = consents;
        this.catalog = catalog;
        this.vault = vault;
        this.receipts = receipts;
        this.tokens = tokens;
        this.credentials = credentials;
        this.exports = exports;
        this.audit = audit;
        this.changed = changed;
        this.notices = notices;
    }

    public record Report(int consentsEnded, long templatesDeleted, int receiptDocumentsDeleted, int tokensRevoked,
                         long credentialsDeleted, int exportDocumentsDeleted) {
    }

    @Transactional
    public Report erase(UUID subjectId, Actor actor) {
        if (subjects.require(subjectId).erased()) {
            throw new ApiException(ProblemCode.SUBJECT_ERASED, "This subject was already erased.");
        }
        // Counted first: ending the last face consent already deletes the templates, and the report must say how many went.
        long templates = vault.count(subjectId);
        int ended = 0;
        for (ConsentLedger.Current c : ledger.current(subjectId)) {
            if (c.active()) {
                consents.end(subjectId, catalog.byId(c.purposeId()).orElseThrow(), ConsentEvent.Type.WITHDRAWN,
                        "erasure", "admin", actor, false);
                ended++;
            }
        }
        vault.deleteAll(subjectId);
        int documents = receipts.eraseDocuments(subjectId);
        int revoked = tokens.revokeAll(subjectId);
        long credentialsDeleted = credentials.eraseSubject(subjectId);
        int exportDocuments = exports.eraseDocuments(subjectId);
        long memberships = groups.eraseSubject(subjectId);
        // Told at the address they had, before it is blanked: an erasure in their name does not go unseen either.
        String noticeTo = notices.erased(subjectId, java.time.Instant.now());
        subjects.blankOut(subjectId);
        changed.fire(new BiometricsChanged(vault.tenantIdForEvents(), subjectId));
        audit.append(new AuditEvent(actor, "subject.erased", subjectId.toString(), null, AuditOutcome.OK,
                Map.of("consentsEnded", Integer.toString(ended), "templatesDeleted", Long.toString(templates), "receiptDocuments", Integer.toString(documents),
                        "credentials", Long.toString(credentialsDeleted), "exportDocuments", Integer.toString(exportDocuments),
                        "noticeTo", noticeTo, "groupMemberships", Long.toString(memberships))));
        return new Report(ended, templates, documents, revoked, credentialsDeleted, exportDocuments);
    }
}
