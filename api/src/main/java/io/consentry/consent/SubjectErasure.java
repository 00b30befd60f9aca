package io.consentry.consent;

import io.consentry.audit.Actor;
import io.consentry.audit.AuditEvent;
import io.consentry.audit.AuditTrail;
import io.consentry.biometric.TemplateVault;
import io.consentry.credential.Credentials;
import io.consentry.dataexport.SubjectDataExports;
import io.consentry.portal.PortalTokens;
import io.consentry.problem.ApiException;
import io.consentry.purpose.Purpose;
import io.consentry.receipt.Receipts;
import io.consentry.subject.Subjects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    @Inject
    Subjects subjects;
    @Inject
    ConsentLedger ledger;
    @Inject
    ConsentService consents;
    @Inject
    TemplateVault vault;
    @Inject
    Receipts receipts;
    @Inject
    PortalTokens tokens;
    @Inject
    Credentials credentials;
    @Inject
    SubjectDataExports exports;
    @Inject
    AuditTrail audit;
    @Inject
    jakarta.enterprise.event.Event<BiometricsChanged> changed;

    public record Report(int consentsEnded, long templatesDeleted, int receiptDocumentsDeleted, int tokensRevoked,
                         long credentialsDeleted, int exportDocumentsDeleted) {
    }

    @Transactional
    public Report erase(UUID subjectId, Actor actor) {
        if (subjects.require(subjectId).erased()) {
            throw ApiException.conflict("subject_erased", "This subject was already erased.");
        }
        int ended = 0;
        for (ConsentLedger.Current c : ledger.current(subjectId)) {
            if (c.active()) {
                consents.end(subjectId, Purpose.findById(c.purposeId()), io.consentry.consent.ConsentEvent.Type.WITHDRAWN,
                        "erasure", "admin", actor, false);
                ended++;
            }
        }
        long templates = vault.deleteAll(subjectId);
        int documents = receipts.eraseDocuments(subjectId);
        int revoked = tokens.revokeAll(subjectId);
        long credentialsDeleted = credentials.eraseSubject(subjectId);
        int exportDocuments = exports.eraseDocuments(subjectId);
        subjects.blankOut(subjectId);
        changed.fire(new BiometricsChanged(vault.tenantIdForEvents(), subjectId));
        audit.append(new AuditEvent(actor, "subject.erased", subjectId.toString(), null, "ok",
                Map.of("consentsEnded", Integer.toString(ended), "receiptDocuments", Integer.toString(documents),
                        "credentials", Long.toString(credentialsDeleted), "exportDocuments", Integer.toString(exportDocuments))));
        return new Report(ended, templates, documents, revoked, credentialsDeleted, exportDocuments);
    }
}
