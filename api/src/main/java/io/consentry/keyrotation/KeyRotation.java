package io.consentry.keyrotation;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.crypto.EncryptedRecords;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.security.CallerTenant;
import io.consentry.core.storage.ObjectVault;
import io.consentry.core.work.JobExecutor;
import io.consentry.core.work.TenantWork;
import io.consentry.tenants.keyring.TenantKeyring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant key rotation: a new primary key is added to the keyset (old keys stay, so every read keeps working), then a
 * background job re-encrypts every feature's {@link EncryptedRecords} under it, in small transactions — templates first,
 * then bucket objects, then TOTP secrets, then mail still waiting for the SMTP server, then the receipt signing key. When nothing is left under an old key (no
 * record, no upload waiting in the outbox), the old keys are disabled: a copy of old ciphertext kept elsewhere no longer
 * opens with the keyset. Progress is derived from the data (records per key id) and from the keyset, so it is the same
 * on every replica and survives restarts; it reports complete only once the old keys are disabled. An interrupted job is
 * simply started again.
 */
@ApplicationScoped
public class KeyRotation {

    private static final Logger LOG = Logger.getLogger(KeyRotation.class);
    static final int BATCH = 200;

    private final TenantKeyring keyring;
    private final TenantCrypto crypto;
    private final List<EncryptedRecords> records;
    private final CallerTenant caller;
    private final TenantWork work;
    private final JobExecutor executor;
    private final AuditTrail audit;
    private final ObjectVault objectVault;
    /** How long after a rotation old keys stay enabled at least: every replica must have heard of the new primary. */
    private final java.time.Duration retireAfter;
    private final Map<UUID, String> running = new ConcurrentHashMap<>();

    KeyRotation(TenantKeyring keyring, TenantCrypto crypto, Instance<EncryptedRecords> records, CallerTenant caller,
                TenantWork work, JobExecutor executor, AuditTrail audit, ObjectVault objectVault,
                @org.eclipse.microprofile.config.inject.ConfigProperty(name = "consentry.keys.retire-after", defaultValue = "PT2M")
                java.time.Duration retireAfter) {
        this.keyring = keyring;
        this.crypto = crypto;
        this.records = records.stream().sorted(Comparator.comparing(r -> order(r.category()))).toList();
        this.caller = caller;
        this.work = work;
        this.executor = executor;
        this.audit = audit;
        this.objectVault = objectVault;
        this.retireAfter = retireAfter;
    }

    public record Progress(long primaryKeyId, long templates, long templatesOnPrimary, long objects, long objectsOnPrimary,
                           long credentials, long credentialsOnPrimary, boolean signingKeyOnPrimary,
                           List<Long> oldKeysEnabled, boolean complete, boolean running) {
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
        audit.append(new AuditEvent(actor, "keys.rotated", null, null, AuditOutcome.OK, Map.of("primaryKeyId", Long.toString(primary))));
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
                LOG.errorf("Re-encryption of tenant %s stopped (it resumes by itself, see RotationResumer, or on request): %s", tenant.slug, e.getMessage());
            } finally {
                running.remove(tenant.id);
            }
        });
    }

    /**
     * Re-encrypts until nothing is left on an old key, then disables the old keys; returns the number of records
     * re-encrypted.
     */
    public int runToCompletion() {
        int total = 0;
        int n;
        while ((n = reencryptBatch(BATCH)) > 0) {
            total += n;
        }
        retireOldKeys();
        return total;
    }

    /**
     * Disables every key but the primary once no record and no pending upload is under another one; audited. Does
     * nothing (and says so in the progress) while something still is, e.g. an upload waiting for S3.
     */
    @Transactional
    public List<Long> retireOldKeys() {
        long primary = crypto.primaryKeyId();
        boolean allOnPrimary = records.stream().allMatch(kind -> kind.onKey(primary) == kind.total());
        if (!allOnPrimary || objectVault.pendingUploadsNotUnder(primary) > 0) {
            return List.of();
        }
        List<Long> retired = keyring.disableAllBut(crypto.tenantId(), primary, retireAfter);
        if (!retired.isEmpty()) {
            audit.append(new AuditEvent(Actor.system("key-rotation"), "keys.retired", null, null, AuditOutcome.OK,
                    Map.of("primaryKeyId", Long.toString(primary), "disabledKeyIds",
                            retired.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")))));
            LOG.infof("Disabled %d old key(s) of tenant %s: nothing is encrypted under them any more", retired.size(), crypto.tenantId());
        }
        return retired;
    }

    /** One transaction: up to {@code limit} records moved to the primary key, taken from each kind of record in turn. */
    @Transactional
    public int reencryptBatch(int limit) {
        long primary = crypto.primaryKeyId();
        int done = 0;
        for (EncryptedRecords kind : records) {
            if (done >= limit) {
                break;
            }
            done += kind.reencrypt(primary, limit - done);
        }
        return done;
    }

    @Transactional
    public Progress progress() {
        long primary = crypto.primaryKeyId();
        long templates = 0, templatesOnPrimary = 0, objects = 0, objectsOnPrimary = 0, credentials = 0, credentialsOnPrimary = 0;
        boolean signingKeyOnPrimary = true;
        for (EncryptedRecords kind : records) {
            long total = kind.total();
            long onPrimary = kind.onKey(primary);
            switch (kind.category()) {
                case TEMPLATES -> {
                    templates += total;
                    templatesOnPrimary += onPrimary;
                }
                case OBJECTS -> {
                    objects += total;
                    objectsOnPrimary += onPrimary;
                }
                case CREDENTIALS -> {
                    credentials += total;
                    credentialsOnPrimary += onPrimary;
                }
                case SIGNING_KEY -> signingKeyOnPrimary &= onPrimary == total;
                // Queued mail is transient (sent within seconds while the SMTP server answers): not reported, but the
                // old keys are retired only once none is left under them, so "complete" covers it as well.
                case MAIL -> { }
            }
        }
        List<Long> oldKeysEnabled = keyring.enabledKeyIds(crypto.tenantId()).stream().filter(id -> id != primary).toList();
        boolean complete = templates == templatesOnPrimary && objects == objectsOnPrimary && credentials == credentialsOnPrimary
                && signingKeyOnPrimary && oldKeysEnabled.isEmpty();
        return new Progress(primary, templates, templatesOnPrimary, objects, objectsOnPrimary, credentials, credentialsOnPrimary,
                signingKeyOnPrimary, oldKeysEnabled, complete, running.containsKey(crypto.tenantId()));
    }

    private static int order(EncryptedRecords.Category category) {
        return switch (category) {
            case TEMPLATES -> 0;
            case OBJECTS -> 1;
            case CREDENTIALS -> 2;
            case MAIL -> 3;
            case SIGNING_KEY -> 4;
        };
    }
}
