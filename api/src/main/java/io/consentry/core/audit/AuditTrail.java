package io.consentry.core.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Appends to the current tenant's audit log, inside the caller's transaction: the entry commits or rolls back
 * together with the operation it records. Appends of one tenant are serialised (transaction-scoped advisory lock)
 * so the chain never forks. Each append fires {@link AuditAppended} in the same transaction, for features that must
 * report what happened exactly when it commits (the webhook outbox).
 */
@ApplicationScoped
public class AuditTrail {

    private final Event<AuditAppended> appended;

    AuditTrail(Event<AuditAppended> appended) {
        this.appended = appended;
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public UUID append(AuditEvent event) {
        var em = AuditEntry.getEntityManager();
        em.createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.audit_entry'))) AS locked")
                .getSingleResult();
        AuditEntry last = AuditEntry.<AuditEntry>find("order by seq desc").firstResult();

        AuditEntry entry = new AuditEntry();
        entry.seq = last == null ? 1 : last.seq + 1;
        entry.id = UUID.randomUUID();
        // PostgreSQL keeps microseconds; hashing what is stored keeps the chain verifiable.
        entry.occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        entry.actorType = event.actor().type();
        entry.actorId = event.actor().id();
        entry.action = event.action();
        entry.subjectRef = event.subjectRef();
        entry.purpose = event.purpose();
        entry.outcome = event.outcome();
        entry.details = event.details();
        entry.prevHash = last == null ? AuditHashes.GENESIS : last.entryHash;
        entry.entryHash = AuditHashes.hash(entry.prevHash, entry);
        entry.persist();
        appended.fire(new AuditAppended(entry.id, entry.occurredAt, entry.actorType, entry.action, entry.subjectRef,
                entry.purpose, entry.outcome, event.details()));
        return entry.id;
    }
}
