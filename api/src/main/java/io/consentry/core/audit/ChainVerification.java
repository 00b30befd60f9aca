package io.consentry.core.audit;

import java.util.UUID;

/** The result of walking the chain: valid, or the first entry where it breaks and why. */
public record ChainVerification(boolean valid, long entriesChecked, Long firstBrokenSeq, UUID firstBrokenId, String reason) {

    static ChainVerification ok(long checked) {
        return new ChainVerification(true, checked, null, null, null);
    }

    static ChainVerification broken(long checked, AuditEntry at, String reason) {
        return new ChainVerification(false, checked, at.seq, at.id, reason);
    }
}
