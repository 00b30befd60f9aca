package io.consentry.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.keyring.PlatformKeys;
import io.consentry.tenants.registry.Tenant;
import io.quarkus.hibernate.orm.PersistenceUnit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Anchors each tenant's audit chain: its head (sequence number and hash), checkpointed periodically and on demand,
 * signed with the platform's Ed25519 key, kept in the platform schema (insert-only for the api) and in the object
 * store (object lock where supported). Before a checkpoint is signed, the entries since the previous one are checked,
 * so a checkpoint never vouches for a chain that was already broken.
 */
@ApplicationScoped
public class AuditCheckpoints {

    private static final Logger LOG = Logger.getLogger(AuditCheckpoints.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final int PAGE = 1000;

    /** The platform persistence unit: checkpoints live in the home cell's platform schema, whatever the tenant's cell. */
    private final EntityManager platform;
    private final CallerTenant caller;
    private final PlatformKeys keys;
    private final AuditAnchorStore store;
    private final ObjectMapper json;

    AuditCheckpoints(@PersistenceUnit("platform") EntityManager platform, CallerTenant caller, PlatformKeys keys,
                     AuditAnchorStore store, ObjectMapper json) {
        this.platform = platform;
        this.caller = caller;
        this.keys = keys;
        this.store = store;
        this.json = json;
    }

    /** A checkpoint as stored: its document and whether its signature holds. */
    record Stored(Checkpoint checkpoint, byte[] payload, byte[] signature, long keyId, String objectKey, boolean valid) {
    }

    /** Where the latest checkpoints were found and whether any was forged or lost. */
    record Anchors(Optional<Stored> latest, List<Long> invalidSeqs, List<Long> missingFromDatabase, boolean fromObjectStore) {
    }

    /**
     * Checkpoints the current tenant's chain head, unless the latest checkpoint is already at the head. Throws
     * {@code audit_chain_broken} when the entries since the previous checkpoint do not verify.
     */
    public Optional<CheckpointView> checkpoint() {
        Tenant tenant = caller.require();
        Optional<Stored> made = QuarkusTransaction.requiringNew().call(() -> checkpointInTransaction(tenant));
        made.ifPresent(this::upload);
        return made.map(this::view);
    }

    private Optional<Stored> checkpointInTransaction(Tenant tenant) throws Exception {
        AuditEntry head = AuditEntry.<AuditEntry>find("order by seq desc").firstResult();
        if (head == null) {
            return Optional.empty();
        }
        Optional<Stored> previous = latestInDatabase(tenant.id);
        if (previous.isPresent() && previous.get().checkpoint().seq() >= head.seq) {
            return previous;
        }
        String broken = checkSince(previous.map(Stored::checkpoint), head.seq);
        if (broken != null) {
            throw new ApiException(ProblemCode.AUDIT_CHAIN_BROKEN, "The audit log does not verify since its last checkpoint ("
                    + broken + "); no checkpoint was made. Run audit verify for details.");
        }
        Checkpoint checkpoint = new Checkpoint(Checkpoint.VERSION, tenant.id, tenant.slug, head.seq, HEX.formatHex(head.entryHash),
                head.occurredAt, Instant.now().truncatedTo(ChronoUnit.MICROS));
        byte[] payload = json.writeValueAsBytes(checkpoint);
        byte[] signature = keys.checkpointSigner().sign(payload);
        long keyId = keys.checkpointPublicKey().keyId();
        String objectKey = AuditAnchorStore.objectKey(tenant.id, head.seq);
        int inserted = platform.createNativeQuery("INSERT INTO platform.audit_checkpoint (id, tenant_id, seq, entry_hash, payload, "
                        + "signature, key_id, object_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                        + "ON CONFLICT (tenant_id, seq) DO NOTHING")
                .setParameter(1, UUID.randomUUID()).setParameter(2, tenant.id).setParameter(3, head.seq)
                .setParameter(4, head.entryHash).setParameter(5, new String(payload, java.nio.charset.StandardCharsets.UTF_8))
                .setParameter(6, signature).setParameter(7, keyId).setParameter(8, objectKey)
                .setParameter(9, OffsetDateTime.now()).executeUpdate();
        if (inserted == 0) {
            return latestInDatabase(tenant.id); // another replica anchored the same head a moment ago
        }
        return Optional.of(new Stored(checkpoint, payload, signature, keyId, objectKey, true));
    }

    /**
     * Re-walks the entries after the previous checkpoint up to {@code headSeq}, starting from the previous checkpoint's
     * hash; returns why it breaks, or null.
     */
    private String checkSince(Optional<Checkpoint> previous, long headSeq) {
        long from = previous.map(Checkpoint::seq).orElse(0L);
        byte[] prevHash = AuditHashes.GENESIS;
        if (previous.isPresent()) {
            AuditEntry anchored = AuditEntry.find("seq", from).firstResult();
            if (anchored == null || !HEX.formatHex(anchored.entryHash).equals(previous.get().entryHash())) {
                return "entry " + from + " no longer matches its checkpoint";
            }
            prevHash = anchored.entryHash;
        }
        long expected = from + 1;
        while (expected <= headSeq) {
            List<AuditEntry> page = AuditEntry.<AuditEntry>find("seq >= ?1 and seq <= ?2 order by seq", expected, headSeq).page(0, PAGE).list();
            if (page.isEmpty()) {
                return "entries from " + expected + " are missing";
            }
            for (AuditEntry entry : page) {
                if (entry.seq != expected || !MessageDigest.isEqual(entry.prevHash, prevHash)
                        || !MessageDigest.isEqual(entry.entryHash, AuditHashes.hash(prevHash, entry))) {
                    return "entry " + expected + " does not link";
                }
                prevHash = entry.entryHash;
                expected++;
            }
            AuditEntry.getEntityManager().clear();
        }
        return null;
    }

    /** The latest valid checkpoint of the current tenant over both copies, and any forged or lost ones. */
    Anchors anchors() {
        UUID tenantId = caller.require().id;
        Map<Long, Stored> bySeq = new TreeMap<>();
        List<Long> invalid = new ArrayList<>();
        for (Stored stored : allInDatabase(tenantId)) {
            if (stored.valid()) {
                bySeq.put(stored.checkpoint().seq(), stored);
            } else {
                invalid.add(stored.checkpoint() == null ? -1 : stored.checkpoint().seq());
            }
        }
        List<Long> missingFromDatabase = new ArrayList<>();
        boolean fromObjectStore = false;
        try {
            for (byte[] document : store.all(tenantId)) {
                Stored stored = parseEnvelope(document, tenantId);
                if (!stored.valid()) {
                    invalid.add(stored.checkpoint() == null ? -1 : stored.checkpoint().seq());
                } else if (!bySeq.containsKey(stored.checkpoint().seq())) {
                    missingFromDatabase.add(stored.checkpoint().seq());
                    bySeq.put(stored.checkpoint().seq(), stored);
                }
            }
            fromObjectStore = true;
        } catch (Exception e) {
            LOG.warnf("Audit checkpoints of tenant %s could not be read from the object store: %s", tenantId, e.getMessage());
        }
        Optional<Stored> latest = bySeq.values().stream().reduce((a, b) -> b);
        return new Anchors(latest, invalid, missingFromDatabase, fromObjectStore);
    }

    /** The latest checkpoint of the current tenant in the database, as a view. */
    public Optional<CheckpointView> latest() {
        return QuarkusTransaction.requiringNew().call(() -> latestInDatabase(caller.require().id)).map(this::view);
    }

    /** Uploads checkpoints of the current tenant that have no object-store copy yet (S3 was down when they were made). */
    public int uploadMissing(int recent) {
        UUID tenantId = caller.require().id;
        List<Stored> stored = QuarkusTransaction.requiringNew().call(() -> allInDatabase(tenantId));
        int uploaded = 0;
        for (Stored s : stored.subList(Math.max(0, stored.size() - recent), stored.size())) {
            try {
                if (!store.exists(s.objectKey())) {
                    store.put(s.objectKey(), envelope(s));
                    uploaded++;
                }
            } catch (Exception e) {
                LOG.warnf("Audit checkpoint %s could not be copied to the object store yet: %s", s.objectKey(), e.getMessage());
                break;
            }
        }
        return uploaded;
    }

    private void upload(Stored stored) {
        try {
            store.put(stored.objectKey(), envelope(stored));
        } catch (Exception e) {
            LOG.warnf("Audit checkpoint %s is in the database; its object-store copy follows later: %s", stored.objectKey(), e.getMessage());
        }
    }

    private CheckpointView view(Stored s) {
        boolean inStore;
        try {
            inStore = store.exists(s.objectKey());
        } catch (Exception e) {
            inStore = false;
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return new CheckpointView(s.checkpoint().seq(), s.checkpoint().entryHash(), s.checkpoint().checkpointedAt(), s.objectKey(),
                inStore, store.objectLock(), b64.encodeToString(s.payload()), b64.encodeToString(s.signature()), s.keyId());
    }

    /** The object-store document: the signed payload and its signature, base64url. */
    private byte[] envelope(Stored s) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return json.writeValueAsBytes(Map.of("payload", b64.encodeToString(s.payload()), "signature", b64.encodeToString(s.signature()),
                "alg", "EdDSA", "kid", Long.toString(s.keyId())));
    }

    private Stored parseEnvelope(byte[] document, UUID tenantId) {
        try {
            var node = json.readTree(document);
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(node.path("payload").asText());
            byte[] signature = b64.decode(node.path("signature").asText());
            return verified(payload, signature, Long.parseLong(node.path("kid").asText("0")), null, tenantId);
        } catch (Exception e) {
            return new Stored(null, document, new byte[0], 0, null, false);
        }
    }

    private Optional<Stored> latestInDatabase(UUID tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = platform.createNativeQuery("SELECT payload, signature, key_id, object_key FROM platform.audit_checkpoint "
                + "WHERE tenant_id = ?1 ORDER BY seq DESC LIMIT 1").setParameter(1, tenantId).getResultList();
        return rows.stream().map(r -> row(r, tenantId)).filter(Stored::valid).findFirst();
    }

    private List<Stored> allInDatabase(UUID tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = platform.createNativeQuery("SELECT payload, signature, key_id, object_key FROM platform.audit_checkpoint "
                + "WHERE tenant_id = ?1 ORDER BY seq").setParameter(1, tenantId).getResultList();
        return rows.stream().map(r -> row(r, tenantId)).toList();
    }

    private Stored row(Object[] r, UUID tenantId) {
        return verified(((String) r[0]).getBytes(java.nio.charset.StandardCharsets.UTF_8), (byte[]) r[1],
                ((Number) r[2]).longValue(), (String) r[3], tenantId);
    }

    /** Parses and checks a checkpoint: signed by the platform key, and about this tenant. */
    private Stored verified(byte[] payload, byte[] signature, long keyId, String objectKey, UUID tenantId) {
        Checkpoint checkpoint = null;
        boolean valid;
        try {
            checkpoint = json.readValue(payload, Checkpoint.class);
            keys.checkpointVerifier().verify(signature, payload);
            valid = tenantId.equals(checkpoint.tenantId()) && checkpoint.seq() >= 1;
        } catch (GeneralSecurityException | java.io.IOException e) {
            valid = false;
        }
        String key = objectKey != null ? objectKey : checkpoint == null ? null : AuditAnchorStore.objectKey(tenantId, checkpoint.seq());
        return new Stored(checkpoint, payload, signature, keyId, key, valid);
    }
}
