package io.consentry.core.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Re-walks the whole chain in pages, recomputing every hash, then holds it against the latest signed checkpoint (from
 * the database or the object store, whichever is newer): the chain must reach the checkpoint's sequence number, and its
 * entry there must hash to what was signed. Reports the first broken link. A checkpoint whose signature does not hold,
 * or one the object store has and the database lost, is itself a sign of tampering and breaks the verification.
 */
@ApplicationScoped
public class AuditVerifier {

    private static final int PAGE = 1000;
    private static final HexFormat HEX = HexFormat.of();

    private final AuditCheckpoints checkpoints;

    AuditVerifier(AuditCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Transactional
    public ChainVerification verify() {
        AuditCheckpoints.Anchors anchors = checkpoints.anchors();
        Checkpoint anchor = anchors.latest().map(AuditCheckpoints.Stored::checkpoint).orElse(null);
        boolean inObjectStore = anchors.fromObjectStore() && anchors.latest().isPresent();
        if (!anchors.invalidSeqs().isEmpty()) {
            return ChainVerification.broken(0, anchors.invalidSeqs().get(0),
                    "a checkpoint does not carry a valid platform signature (forged or altered)").against(anchor, inObjectStore);
        }
        if (!anchors.missingFromDatabase().isEmpty()) {
            return ChainVerification.broken(0, anchors.missingFromDatabase().get(0),
                    "a checkpoint kept in the object store was removed from the database").against(anchor, inObjectStore);
        }
        return walk(anchor).against(anchor, inObjectStore);
    }

    private ChainVerification walk(Checkpoint anchor) {
        var em = AuditEntry.getEntityManager();
        byte[] previousHash = AuditHashes.GENESIS;
        long expectedSeq = 1;
        long checked = 0;
        while (true) {
            List<AuditEntry> page = AuditEntry.<AuditEntry>find("seq >= ?1 order by seq", expectedSeq).page(0, PAGE).list();
            if (page.isEmpty()) {
                break;
            }
            for (AuditEntry entry : page) {
                if (entry.seq != expectedSeq) {
                    return ChainVerification.broken(checked, entry, "entries " + expectedSeq + " to " + (entry.seq - 1) + " are missing");
                }
                if (!MessageDigest.isEqual(entry.prevHash, previousHash)) {
                    return ChainVerification.broken(checked, entry, "the link to the previous entry does not match");
                }
                if (!MessageDigest.isEqual(entry.entryHash, AuditHashes.hash(previousHash, entry))) {
                    return ChainVerification.broken(checked, entry, "the entry's content does not match its hash (altered)");
                }
                if (anchor != null && entry.seq == anchor.seq() && !HEX.formatHex(entry.entryHash).equals(anchor.entryHash())) {
                    return ChainVerification.broken(checked, entry, "the chain up to the checkpoint of " + anchor.checkpointedAt()
                            + " was rewritten: entry " + entry.seq + " no longer hashes to the signed value");
                }
                previousHash = entry.entryHash;
                expectedSeq++;
                checked++;
            }
            em.clear();
        }
        if (anchor != null && checked < anchor.seq()) {
            return ChainVerification.broken(checked, checked + 1, "the log ends at entry " + checked + " but was checkpointed at "
                    + anchor.seq() + " on " + anchor.checkpointedAt() + ": its last entries were removed");
        }
        return ChainVerification.ok(checked);
    }
}
