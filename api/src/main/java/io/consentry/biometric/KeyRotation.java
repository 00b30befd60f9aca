package io.consentry.biometric;

import io.consentry.audit.Actor;
import io.consentry.audit.AuditEvent;
import io.consentry.audit.AuditTrail;
import io.consentry.receipt.ReceiptKeys;
import io.consentry.security.CallerTenant;
import io.consentry.tenants.keyring.TenantKeyring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant key rotation: a new primary key is added to the keyset (old keys stay, so every read keeps working), then a
 * background job re-encrypts templates, bucket objects and the receipt signing key under it, in small transactions.
 * Progress is derived from the data (rows per key id), so it is the same on every replica and survives restarts; an
 * interrupted job is simply started again.
 */
@ApplicationScoped
public class KeyRotation {

    private static final Logger LOG = Logger.getLogger(KeyRotation.class);
    static final int BATCH = 200;

    @Inject
    TenantKeyring keyring;
    @Inject
    TenantCrypto crypto;
    @Inject
    ObjectVault objects;
    @Inject
    ReceiptKeys receiptKeys;
    @Inject
    EntityManager em;
    @Inject
    CallerTenant caller;
    @Inject
    TenantWork work;
    @Inject
    BackgroundExecutor executor;
    @Inject
    AuditTrail audit;

    private final Map<UUID, String> running = new ConcurrentHashMap<>();

    public record Progress(long primaryKeyId, long templates, long templatesOnPrimary, long objects, long objectsOnPrimary,
                           boolean signingKeyOnPrimary, boolean complete, boolean running) {
    }

    /** Adds a new primary key and starts the re-encryption in the background. */
    public Progress rotate(Actor actor) {
        UUID tenantId = crypto.tenantId();
        long primary = keyring.rotate(tenantId);
        recordRotation(actor, primary);
        start();
        return progress();
    }

    @Transactional
    void recordRotation(Actor actor, long primary) {
        audit.append(new AuditEvent(actor, "keys.rotated", null, null, "ok", Map.of("primaryKeyId", Long.toString(primary))));
    }

    /** Starts (or resumes) the background re-encryption of the current tenant, unless it is already running here. */
    public void start() {
        var tenant = caller.require();
        if (running.putIfAbsent(tenant.id, "running") != null) {
            return;
        }
        executor.execute(() -> {
            try {
                long started = System.nanoTime();
                int done = work.as(tenant, this::runToCompletion);
                LOG.infof("Re-encrypted %d records of tenant %s in %d ms", done, tenant.slug, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.errorf("Re-encryption of tenant %s stopped (it resumes on the next rotation request): %s", tenant.slug, e.getMessage());
            } finally {
                running.remove(tenant.id);
            }
        });
    }

    /** Re-encrypts until nothing is left on an old key; returns the number of records re-encrypted. */
    public int runToCompletion() {
        int total = 0;
        receiptKeys.rewrap();
        int n;
        while ((n = reencryptBatch(BATCH)) > 0) {
            total += n;
        }
        return total;
    }

    /** One transaction: up to {@code limit} templates and objects moved to the primary key. */
    @Transactional
    public int reencryptBatch(int limit) {
        long primary = crypto.primaryKeyId();
        int done = 0;
        List<BiometricTemplate> templates = BiometricTemplate.find("keyId <> ?1", primary).page(0, limit).list();
        for (BiometricTemplate row : templates) {
            String binding = crypto.templateBinding(row.subjectId, row.id);
            row.ciphertext = crypto.encrypt(decrypt(row.ciphertext, binding), binding);
            row.keyId = TenantCrypto.keyIdOf(row.ciphertext);
            done++;
        }
        if (done < limit) {
            done += reencryptObjects("retained_image", primary, limit - done);
        }
        if (done < limit) {
            done += reencryptObjects("receipt", primary, limit - done);
        }
        if (done < limit) {
            done += reencryptObjects("data_export", primary, limit - done);
        }
        return done;
    }

    private int reencryptObjects(String table, long primary, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, object_key FROM " + table + " WHERE key_id <> ?1"
                        + (table.equals("retained_image") ? "" : " AND erased_at IS NULL") + " LIMIT ?2")
                .setParameter(1, primary).setParameter(2, limit).getResultList();
        for (Object[] r : rows) {
            String key = (String) r[1];
            byte[] ciphertext = objects.readCiphertext(key).orElse(null);
            long keyId = primary;
            if (ciphertext != null) {
                byte[] plain = decrypt(ciphertext, crypto.objectBinding(key));
                keyId = objects.put(key, plain);
            }
            em.createNativeQuery("UPDATE " + table + " SET key_id = ?1 WHERE id = ?2").setParameter(1, keyId).setParameter(2, r[0])
                    .executeUpdate();
        }
        return rows.size();
    }

    @Transactional
    public Progress progress() {
        long primary = crypto.primaryKeyId();
        long templates = BiometricTemplate.count();
        long templatesOnPrimary = BiometricTemplate.count("keyId", primary);
        long objectsTotal = count("SELECT count(*) FROM retained_image") + count("SELECT count(*) FROM receipt WHERE erased_at IS NULL")
                + count("SELECT count(*) FROM data_export WHERE erased_at IS NULL");
        long objectsOnPrimary = count("SELECT count(*) FROM retained_image WHERE key_id = " + primary)
                + count("SELECT count(*) FROM receipt WHERE erased_at IS NULL AND key_id = " + primary)
                + count("SELECT count(*) FROM data_export WHERE erased_at IS NULL AND key_id = " + primary);
        boolean signing = receiptKeys.onPrimaryKey();
        boolean complete = templates == templatesOnPrimary && objectsTotal == objectsOnPrimary && signing;
        return new Progress(primary, templates, templatesOnPrimary, objectsTotal, objectsOnPrimary, signing, complete,
                running.containsKey(crypto.tenantId()));
    }

    private long count(String sql) {
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }

    private byte[] decrypt(byte[] ciphertext, String binding) {
        try {
            return crypto.decrypt(ciphertext, binding);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A record does not decrypt for its own binding; re-encryption stopped", e);
        }
    }
}
