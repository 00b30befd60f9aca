package io.consentry.core.audit;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

public record AuditEntryView(long seq, UUID id, Instant occurredAt, ActorType actorType, String actorId, String action,
                             String subjectRef, String purpose, String outcome, Map<String, String> details,
                             String prevHash, String entryHash) {

    static AuditEntryView of(AuditEntry e) {
        HexFormat hex = HexFormat.of();
        return new AuditEntryView(e.seq, e.id, e.occurredAt, e.actorType, e.actorId, e.action, e.subjectRef, e.purpose,
                e.outcome, e.details, hex.formatHex(e.prevHash), hex.formatHex(e.entryHash));
    }
}
