package io.consentry.core.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * The result of walking the chain: valid, or the first entry where it breaks and why. {@code checkpointSeq} and
 * {@code checkpointAt} name the latest signed checkpoint the chain was checked against (null when there is none yet);
 * against it a truncated tail and a rewritten or reordered chain show, which a chain that merely links up cannot.
 */
public record ChainVerification(boolean valid, long entriesChecked, Long firstBrokenSeq, UUID firstBrokenId, String reason,
                                Long checkpointSeq, Instant checkpointAt, boolean checkpointInObjectStore) {

    static ChainVerification ok(long checked) {
        return new ChainVerification(true, checked, null, null, null, null, null, false);
    }

    static ChainVerification broken(long checked, AuditEntry at, String reason) {
        return new ChainVerification(false, checked, at.seq, at.id, reason, null, null, false);
    }

    static ChainVerification broken(long checked, Long seq, String reason) {
        return new ChainVerification(false, checked, seq, null, reason, null, null, false);
    }

    ChainVerification against(Checkpoint checkpoint, boolean inObjectStore) {
        return checkpoint == null ? this : new ChainVerification(valid, entriesChecked, firstBrokenSeq, firstBrokenId, reason,
                checkpoint.seq(), checkpoint.checkpointedAt(), inObjectStore);
    }
}
