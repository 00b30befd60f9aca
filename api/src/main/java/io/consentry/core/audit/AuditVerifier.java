package io.consentry.core.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.MessageDigest;
import java.util.List;

/** Re-walks the whole chain in pages, recomputing every hash; reports the first broken link. */
@ApplicationScoped
public class AuditVerifier {

    private static final int PAGE = 1000;

    @Transactional
    public ChainVerification verify() {
        var em = AuditEntry.getEntityManager();
        byte[] previousHash = AuditHashes.GENESIS;
        long expectedSeq = 1;
        long checked = 0;
        while (true) {
            List<AuditEntry> page = AuditEntry.<AuditEntry>find("seq >= ?1 order by seq", expectedSeq).page(0, PAGE).list();
            if (page.isEmpty()) {
                return ChainVerification.ok(checked);
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
                previousHash = entry.entryHash;
                expectedSeq++;
                checked++;
            }
            em.clear();
        }
    }
}
