package io.consentry.consent;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.notification.SubjectNotices;
import io.consentry.purpose.NoticePublished;
import io.consentry.purpose.PurposeKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.UUID;

/**
 * A material notice version pauses every earlier grant of its purpose (the ledger derives NEEDS_RECONSENT), in the
 * publishing transaction: the paused subjects leave the purpose's identification gallery, each is told at their address
 * and asked to decide again, and each pause is in the audit log about them.
 */
@ApplicationScoped
public class MaterialNotices {

    private static final Actor LEDGER = Actor.system("material-notice");

    private final ConsentLedger ledger;
    private final SubjectNotices notices;
    private final AuditTrail audit;
    private final TenantCrypto crypto;
    private final Event<BiometricsChanged> biometricsChanged;

    MaterialNotices(ConsentLedger ledger, SubjectNotices notices, AuditTrail audit, TenantCrypto crypto,
                    Event<BiometricsChanged> biometricsChanged) {
        this.ledger = ledger;
        this.notices = notices;
        this.audit = audit;
        this.crypto = crypto;
        this.biometricsChanged = biometricsChanged;
    }

    void onPublished(@Observes NoticePublished published) {
        if (!published.material()) {
            return;
        }
        for (UUID subjectId : ledger.subjectsInState(published.purpose().id(), ConsentLedger.State.NEEDS_RECONSENT)) {
            String noticeTo = notices.reconsentNeeded(subjectId, published.purpose().code(), published.purpose().title(),
                    published.version());
            if (published.purpose().kind() == PurposeKind.FACE_IDENTIFICATION) {
                biometricsChanged.fire(new BiometricsChanged(crypto.tenantId(), subjectId));
            }
            audit.append(new AuditEvent(LEDGER, "consent.reconsent-required", subjectId.toString(), published.purpose().code(),
                    AuditOutcome.OK, Map.of("noticeVersion", Integer.toString(published.version()), "noticeTo", noticeTo)));
        }
    }
}
