package io.consentry.biometric;

import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.storage.ObjectVault;
import io.consentry.face.IndexedTemplate;
import io.consentry.face.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The encrypted template store. Package-internal to biometrics: decrypted templates leave it only through the
 * ConsentGuard (which checks consent first) — nothing else calls {@link #decryptFor}.
 * <p>
 * Templates of another model pack than the configured one are <em>stale</em>: they are never decrypted for a
 * comparison (their vectors come from other recognisers), only counted, rebuilt from a retained photo by the model
 * migration, or replaced by a new enrolment.
 */
@ApplicationScoped
public class TemplateVault {

    private static final Logger LOG = Logger.getLogger(TemplateVault.class);

    private final TenantCrypto crypto;
    private final ObjectVault objects;
    private final CurrentEngine engine;

    TemplateVault(TenantCrypto crypto, ObjectVault objects, CurrentEngine engine) {
        this.crypto = crypto;
        this.objects = objects;
        this.engine = engine;
    }

    public record Decrypted(UUID templateId, UUID subjectId, Template template) {
    }

    /** A template opened for a 1:N gallery: quantised as the gallery's index holds it, where it was decrypted. */
    public record Indexed(UUID templateId, UUID subjectId, IndexedTemplate template) {
    }

    /** What an opened template becomes on the thread that decrypted it. */
    @FunctionalInterface
    private interface Shape<T> {
        T of(UUID templateId, UUID subjectId, Template template);
    }

    /**
     * A gallery's shape: quantised on the thread that decrypted it, while its vector is in that core's cache, so the
     * float vector is garbage at once instead of living (and being copied by the collector) until the whole gallery is
     * read.
     */
    private static final Shape<Indexed> INDEXED = (id, subject, template) -> new Indexed(id, subject, IndexedTemplate.of(template));

    /** Opens one row's ciphertext: the tenant's key, bound to the row. */
    @FunctionalInterface
    interface Opener {
        byte[] open(byte[] ciphertext, UUID subjectId, UUID templateId) throws GeneralSecurityException;
    }

    /**
     * Reads and opens rows exactly as a gallery's load does — the streamed binary read in batches, each opened on every
     * core of the decryption pool and quantised where decrypted — but from the given statement, whose result has the
     * template table's four columns, and with the given opener. For {@link VaultWarmUp}, which runs this on synthetic
     * rows at start-up so that a replica's first real load runs compiled code.
     */
    static List<Indexed> openForWarmUp(java.sql.PreparedStatement rows, Opener opener, io.consentry.face.FaceEngine engine)
            throws java.sql.SQLException {
        List<Indexed> out = new ArrayList<>();
        openStreamed(batches -> readRows(rows, batches), opener, engine, INDEXED, batch -> batch.forEach(o -> out.add(o.item())));
        return out;
    }

    /** Encrypts and stores a template of a new enrolment; returns its id. The enrolment starts the last-interaction clock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID store(UUID subjectId, Template template) {
        UUID id = write(subjectId, template);
        interacted(subjectId, Instant.now(), BiometricActivity.Kind.ENROLMENT);
        return id;
    }

    private UUID write(UUID subjectId, Template template) {
        BiometricTemplate row = new BiometricTemplate();
        row.id = UUID.randomUUID();
        row.subjectId = subjectId;
        row.ciphertext = crypto.encrypt(template.toBytes(), crypto.templateBinding(subjectId, row.id));
        row.keyId = TenantCrypto.keyIdOf(row.ciphertext);
        row.packId = template.packId();
        row.quality = template.quality();
        row.createdAt = Instant.now();
        row.persist();
        return row.id;
    }

    /** Stores a template the model migration rebuilt from a retained photo, recording the pack it replaces. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID storeRebuilt(UUID subjectId, Template template, String fromPack) {
        // A rebuild from a kept photo is not an interaction of the subject: the clock stays where it was.
        UUID id = write(subjectId, template);
        BiometricTemplate row = BiometricTemplate.findById(id);
        row.rebuiltFromPack = fromPack;
        row.rebuiltAt = Instant.now();
        return id;
    }

    /** Keeps the enrolment photo encrypted in the bucket (only called with an IMAGE_RETENTION consent). */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID retainImage(UUID subjectId, UUID templateId, byte[] image) {
        RetainedImage row = new RetainedImage();
        row.id = UUID.randomUUID();
        row.subjectId = subjectId;
        row.templateId = templateId;
        row.objectKey = "images/" + subjectId + "/" + row.id + ".enc";
        row.keyId = objects.put(row.objectKey, image);
        row.createdAt = Instant.now();
        row.persist();
        return row.id;
    }

    /**
     * Decrypts the current-pack templates of the given subjects (stale ones stay encrypted), oldest first. For the
     * ConsentGuard only.
     */
    @Transactional
    public List<Decrypted> decryptFor(Collection<UUID> subjectIds) {
        List<Opened<Decrypted>> all = new ArrayList<>();
        open(subjectIds, null, Decrypted::new, batch -> batch.forEach(all::add)); // a 1:1 check: no count first
        // Oldest first, as one query ordered by creation would give them (sorting here keeps the ciphertexts out of
        // the database's sort).
        all.sort(java.util.Comparator.comparing(Opened::createdAt));
        List<Decrypted> out = new ArrayList<>(all.size());
        all.forEach(o -> out.add(o.item()));
        return out;
    }

    /**
     * Decrypts the current-pack templates of the given subjects for a 1:N gallery, handing them on in batches as they
     * are opened (nothing is sorted or collected here). For the ConsentGuard only.
     * <p>
     * {@code expect} first learns how many templates there are (before anything is decrypted) and may decline them
     * all, e.g. a gallery larger than the replica may hold. The batches come in the order read (a gallery needs no
     * other), one at a time, each on whichever thread opened it: the consumer needs no lock, but must not expect the
     * caller's request or transaction. Returns the number of templates handed on.
     * <p>
     * A cold load is mostly this, so it is written for speed: one query names every subject in a single array
     * parameter, its rows arrive in batches of {@value #ROWS_PER_BATCH} as binary (as text, PostgreSQL would send each
     * ciphertext in hex, twice its size, for the driver to decode), and each batch is opened on every core while the
     * next one is read. The tenant's key is resolved once, here in the caller's request.
     */
    @Transactional
    public long openForGallery(Collection<UUID> subjectIds, java.util.function.LongPredicate expect,
                               java.util.function.Consumer<List<Indexed>> batches) {
        java.util.concurrent.atomic.AtomicLong handed = new java.util.concurrent.atomic.AtomicLong();
        open(subjectIds, expect, INDEXED, batch -> {
            List<Indexed> out = new ArrayList<>(batch.size());
            batch.forEach(o -> out.add(o.item()));
            handed.addAndGet(out.size());
            batches.accept(out);
        });
        return handed.get();
    }

    /**
     * Reads and opens the subjects' current-pack templates: {@code expect} (unless null) gets their number first and may
     * decline them; {@code batches} gets each batch once opened, in reading order and one at a time (chained: a batch
     * is handed on after the one before it). Templates that do not open or parse are left out (and logged).
     */
    private <T> void open(Collection<UUID> subjectIds, java.util.function.LongPredicate expect, Shape<T> shape,
                          java.util.function.Consumer<List<Opened<T>>> batches) {
        if (subjectIds.isEmpty()) {
            return;
        }
        var engine = this.engine.engine();
        String pack = engine.pack().id();
        TenantCrypto.TemplateOpener opener = crypto.templateOpener(); // the tenant's key, resolved here in the request
        org.hibernate.Session session = BiometricTemplate.getEntityManager().unwrap(org.hibernate.Session.class);
        // The read below is plain JDBC, which Hibernate does not flush before as it does before its own queries: a
        // template stored earlier in this transaction must be in the table when it is read.
        session.flush();
        if (expect != null && !expect.test(countCurrent(subjectIds, pack))) {
            return;
        }
        session.doWork(connection -> openStreamed(rows -> read(connection, subjectIds, pack, rows), opener::open, engine, shape, batches));
    }

    /** Reads rows, handing them on in batches. */
    @FunctionalInterface
    private interface RowSource {
        void read(java.util.function.Consumer<Sealed[]> batches) throws java.sql.SQLException;
    }

    /**
     * Opens each batch the source reads — on every core while the next one is read — and hands them on in reading
     * order, one at a time (chained: a batch is handed on after the one before it).
     */
    private static <T> void openStreamed(RowSource source, Opener opener, io.consentry.face.FaceEngine engine, Shape<T> shape,
                                         java.util.function.Consumer<List<Opened<T>>> batches) throws java.sql.SQLException {
        var handedOn = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Void>>(
                java.util.concurrent.CompletableFuture.completedFuture(null));
        source.read(rows -> {
            if (rows.length < PARALLEL_FROM) {
                List<Opened<T>> out = openAll(opener, engine, shape, rows, false);
                handedOn.set(handedOn.get().thenRun(() -> batches.accept(out)));
            } else {
                // Opened on every core while the next batch is read.
                var opening = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> openAll(opener, engine, shape, rows, true), DECRYPTION);
                handedOn.set(handedOn.get().thenCombine(opening, (done, out) -> out).thenAccept(batches));
            }
        });
        try {
            handedOn.get().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Opens one batch (on every core when asked), keeping the order and leaving out what does not open. */
    private static <T> List<Opened<T>> openAll(Opener opener, io.consentry.face.FaceEngine engine,
                                               Shape<T> shape, Sealed[] rows, boolean parallel) {
        Object[] out = new Object[rows.length];
        if (parallel) {
            java.util.stream.IntStream.range(0, rows.length).parallel().forEach(i -> out[i] = open(opener, engine, shape, rows[i]));
        } else {
            for (int i = 0; i < rows.length; i++) {
                out[i] = open(opener, engine, shape, rows[i]);
            }
        }
        List<Opened<T>> opened = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            if (out[i] != null) {
                @SuppressWarnings("unchecked") // out[i] came from shape
                T item = (T) out[i];
                opened.add(new Opened<>(rows[i].createdAt(), item));
            }
        }
        return opened;
    }

    private record Opened<T>(Instant createdAt, T item) {
    }

    /** Rows handed to the decryption at a time: large enough to keep both cores busy, small enough to start early. */
    static final int ROWS_PER_BATCH = 4_096;
    /** Below this many templates (a 1:1 check, a small gallery) one thread opens them: a hand-off costs more. */
    static final int PARALLEL_FROM = 256;
    /** One thread per core, shared by every load (daemon threads: they never hold the api up at shutdown). */
    private static final java.util.concurrent.ForkJoinPool DECRYPTION =
            new java.util.concurrent.ForkJoinPool(Runtime.getRuntime().availableProcessors());

    /** A template row as read, before it is opened; plain values, so that other threads need no persistence context. */
    record Sealed(UUID id, UUID subjectId, Instant createdAt, byte[] ciphertext) {
    }

    private static final String READ_SEALED = "SELECT id, subject_id, created_at, ciphertext FROM biometric_template "
            + "WHERE subject_id = ANY(?) AND pack_id = ?";

    /**
     * The subjects' rows of one pack, four columns, handed on in batches as they arrive — not managed entities: a load
     * neither keeps 100,000 entities in the persistence context nor copies each ciphertext into a dirty-checking
     * snapshot. The connection is the tenant's, already set to its schema.
     */
    private static void read(java.sql.Connection connection, Collection<UUID> subjects, String packId,
                             java.util.function.Consumer<Sealed[]> batches) throws java.sql.SQLException {
        try (java.sql.PreparedStatement select = connection.prepareStatement(READ_SEALED)) {
            prepareForStreaming(select);
            select.setArray(1, connection.createArrayOf("uuid", subjects.toArray()));
            select.setString(2, packId);
            readRows(select, batches);
        }
    }

    /**
     * Binary results in batches: a negative threshold makes the driver prepare on the server at once, which is what
     * lets it ask for binary (as text, each ciphertext would come in hex, twice its size); the fetch size makes it read
     * {@value #ROWS_PER_BATCH} rows at a time (inside a transaction).
     */
    static void prepareForStreaming(java.sql.PreparedStatement select) throws java.sql.SQLException {
        select.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
        select.setFetchSize(ROWS_PER_BATCH);
    }

    /** Runs the statement and hands its rows (id, subject, created, ciphertext) on in batches of {@value #ROWS_PER_BATCH}. */
    private static void readRows(java.sql.PreparedStatement select, java.util.function.Consumer<Sealed[]> batches)
            throws java.sql.SQLException {
        try (java.sql.ResultSet rows = select.executeQuery()) {
            Sealed[] batch = new Sealed[ROWS_PER_BATCH];
            int n = 0;
            while (rows.next()) {
                batch[n++] = new Sealed(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                        rows.getObject(3, java.time.OffsetDateTime.class).toInstant(), rows.getBytes(4));
                if (n == batch.length) {
                    batches.accept(batch);
                    batch = new Sealed[ROWS_PER_BATCH];
                    n = 0;
                }
            }
            if (n > 0) {
                batches.accept(java.util.Arrays.copyOf(batch, n));
            }
        }
    }

    /** The template, or null (logged) when it does not open for its own row or does not parse for the loaded pack. */
    private static <T> T open(Opener opener, io.consentry.face.FaceEngine engine, Shape<T> shape, Sealed row) {
        try {
            byte[] plain = opener.open(row.ciphertext(), row.subjectId(), row.id());
            return shape.of(row.id(), row.subjectId(), engine.parseTemplate(plain));
        } catch (GeneralSecurityException e) {
            // A ciphertext that does not open for its own row was moved or tampered with: never use it.
            LOG.errorf("Template %s of subject %s does not decrypt for its row; skipped", row.id(), row.subjectId());
        } catch (RuntimeException e) {
            LOG.errorf("Template %s of subject %s is not valid for the loaded model pack (%s); skipped",
                    row.id(), row.subjectId(), e.getMessage());
        }
        return null;
    }

    public UUID tenantIdForEvents() {
        return crypto.tenantId();
    }

    /** All templates of the tenant and the subjects they belong to. */
    public record Counts(long templates, long subjects) {
    }

    @Transactional
    public Counts counts() {
        Object[] row = (Object[]) BiometricTemplate.getEntityManager()
                .createNativeQuery("SELECT count(*), count(DISTINCT subject_id) FROM biometric_template").getSingleResult();
        return new Counts(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    /** Templates of the configured pack held by any of the subjects (a 1:N gallery's size). */
    @Transactional
    public long countCurrent(Collection<UUID> subjectIds) {
        return countCurrent(subjectIds, engine.packId());
    }

    private static long countCurrent(Collection<UUID> subjectIds, String packId) {
        if (subjectIds.isEmpty()) {
            return 0;
        }
        return ((Number) BiometricTemplate.getEntityManager().createNativeQuery(
                        "SELECT count(*) FROM biometric_template WHERE subject_id = ANY(?1) AND pack_id = ?2")
                .setParameter(1, subjectIds.toArray(UUID[]::new)).setParameter(2, packId).getSingleResult()).longValue();
    }

    @Transactional
    public long count(UUID subjectId) {
        return BiometricTemplate.count("subjectId", subjectId);
    }

    @Transactional
    public long retainedImages(UUID subjectId) {
        return RetainedImage.count("subjectId", subjectId);
    }

    /** What an admin (and the subject, in their export) may know of a template: never its vector. */
    public record TemplateInfo(UUID id, String modelPack, float quality, Instant createdAt, boolean photoKept, boolean current) {
    }

    @Transactional
    public List<TemplateInfo> describe(UUID subjectId) {
        java.util.Set<UUID> withPhoto = RetainedImage.<RetainedImage>list("subjectId", subjectId).stream()
                .map(i -> i.templateId).collect(java.util.stream.Collectors.toSet());
        String currentPack = engine.packId();
        return BiometricTemplate.<BiometricTemplate>list("subjectId = ?1 order by createdAt", subjectId).stream()
                .map(t -> new TemplateInfo(t.id, t.packId, t.quality, t.createdAt, withPhoto.contains(t.id), t.packId.equals(currentPack)))
                .toList();
    }

    /** Templates of the subject made by another pack than the configured one. */
    @Transactional
    public long staleCount(UUID subjectId) {
        return BiometricTemplate.count("subjectId = ?1 and packId <> ?2", subjectId, engine.packId());
    }

    /**
     * After a new enrolment with {@code packId}: the subject's templates of other packs (and the photos they were made
     * from) are superseded, and a re-enrolment flag for that pack is settled. Returns the number of templates deleted.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long retireStale(UUID subjectId, String packId) {
        List<BiometricTemplate> stale = BiometricTemplate.list("subjectId = ?1 and packId <> ?2", subjectId, packId);
        for (BiometricTemplate row : stale) {
            deleteTemplate(row);
        }
        ReenrolmentFlag.delete("subjectId = ?1 and packId = ?2", subjectId, packId);
        return stale.size();
    }

    /** Deletes one template and the retained photos it was made from (through the outbox). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteTemplate(BiometricTemplate row) {
        for (RetainedImage image : RetainedImage.<RetainedImage>list("templateId", row.id)) {
            objects.delete(image.objectKey);
            image.delete();
        }
        row.delete();
    }

    /** A stale template of a subject and the retained photos it was made from (ids only). */
    public record StaleTemplate(UUID templateId, String packId, List<RetainedPhoto> photos) {
    }

    public record RetainedPhoto(UUID id, String objectKey) {
    }

    /** The subject's templates of other packs than {@code currentPack}, with their retained photos. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StaleTemplate> staleTemplates(UUID subjectId, String currentPack) {
        List<BiometricTemplate> rows = BiometricTemplate.list("subjectId = ?1 and packId <> ?2 order by createdAt", subjectId,
                currentPack);
        List<StaleTemplate> out = new ArrayList<>(rows.size());
        for (BiometricTemplate row : rows) {
            List<RetainedPhoto> photos = RetainedImage.<RetainedImage>list("templateId", row.id).stream()
                    .map(i -> new RetainedPhoto(i.id, i.objectKey)).toList();
            out.add(new StaleTemplate(row.id, row.packId, photos));
        }
        return out;
    }

    /** Whether the subject has this template, made by {@code pack}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean ownsCurrent(UUID subjectId, UUID templateId, String pack) {
        return BiometricTemplate.count("id = ?1 and subjectId = ?2 and packId = ?3", templateId, subjectId, pack) == 1;
    }

    /** Deletes one of the subject's templates (and the photo it was made from), e.g. when a new face replaces it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteTemplate(UUID subjectId, UUID templateId) {
        BiometricTemplate row = BiometricTemplate.findById(templateId);
        if (row != null && row.subjectId.equals(subjectId)) {
            deleteTemplate(row);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long currentCount(UUID subjectId, String currentPack) {
        return BiometricTemplate.count("subjectId = ?1 and packId = ?2", subjectId, currentPack);
    }

    /**
     * The decrypted retained photo. For the model migration only, after it checked the subject's retention and
     * template consents; empty when the object is gone. Throws ObjectStoreUnavailable when S3 cannot be reached.
     */
    public Optional<byte[]> readRetainedPhoto(RetainedPhoto photo) throws GeneralSecurityException {
        return objects.read(photo.objectKey());
    }

    /**
     * Replaces a stale template by one rebuilt from its retained photo: the new template is stored first, the photo
     * now belongs to it, then the stale template is deleted. Returns the new id, or empty when the stale template no
     * longer exists (another replica rebuilt it, or the subject withdrew meanwhile).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> replaceStale(UUID subjectId, UUID staleTemplateId, UUID photoId, Template rebuilt) {
        BiometricTemplate stale = BiometricTemplate.findById(staleTemplateId);
        if (stale == null || !stale.subjectId.equals(subjectId)) {
            return Optional.empty();
        }
        UUID id = storeRebuilt(subjectId, rebuilt, stale.packId);
        RetainedImage photo = RetainedImage.findById(photoId);
        if (photo != null && photo.subjectId.equals(subjectId)) {
            photo.templateId = id;
        }
        deleteTemplate(stale);
        return Optional.of(id);
    }

    /** Marks the subject as needing a new enrolment under {@code packId} (replacing an older flag). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void flagForReenrolment(UUID subjectId, String packId, String stalePackId, String reason) {
        ReenrolmentFlag flag = ReenrolmentFlag.findById(subjectId);
        if (flag == null) {
            flag = new ReenrolmentFlag();
            flag.subjectId = subjectId;
            flag.packId = packId;
            flag.stalePackId = stalePackId;
            flag.reason = reason;
            flag.flaggedAt = Instant.now();
            flag.persist();
        } else {
            flag.packId = packId;
            flag.stalePackId = stalePackId;
            flag.reason = reason;
            flag.flaggedAt = Instant.now();
        }
    }

    /**
     * The subject's re-enrolment flag for the configured pack, if any (a flag for another pack means nothing while
     * that pack is not configured, e.g. after switching back to the pack the subject's templates were made with).
     */
    @Transactional
    public Optional<Reenrolment> reenrolment(UUID subjectId) {
        return ReenrolmentFlag.<ReenrolmentFlag>find("subjectId = ?1 and packId = ?2", subjectId, engine.packId())
                .firstResultOptional().map(Reenrolment::of);
    }

    /** Re-enrolment flags of several subjects (a page of the subject list). */
    @Transactional
    public Map<UUID, Reenrolment> reenrolments(Collection<UUID> subjectIds) {
        if (subjectIds.isEmpty()) {
            return Map.of();
        }
        return ReenrolmentFlag.<ReenrolmentFlag>list("subjectId in ?1 and packId = ?2", subjectIds, engine.packId()).stream()
                .collect(Collectors.toMap(f -> f.subjectId, Reenrolment::of, (a, b) -> a));
    }

    /** What the admin sees of a re-enrolment flag: no biometric data, only packs, the reason and the time. */
    public record Reenrolment(String packId, String stalePackId, String reason, Instant flaggedAt) {
        static Reenrolment of(ReenrolmentFlag f) {
            return new Reenrolment(f.packId, f.stalePackId, f.reason, f.flaggedAt);
        }
    }

    // ---------------------------------------------------------------- the last-interaction clock (retention)

    /**
     * The subject interacted with their face data at {@code at}: an enrolment, or a face decision that let them in.
     * The clock only moves forward.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void interacted(UUID subjectId, Instant at, BiometricActivity.Kind kind) {
        BiometricTemplate.getEntityManager().createNativeQuery("""
                        INSERT INTO biometric_activity (subject_id, last_interaction_at, kind) VALUES (?1, ?2, ?3)
                        ON CONFLICT (subject_id) DO UPDATE SET last_interaction_at = excluded.last_interaction_at, kind = excluded.kind
                         WHERE biometric_activity.last_interaction_at < excluded.last_interaction_at""")
                .setParameter(1, subjectId).setParameter(2, at.atOffset(java.time.ZoneOffset.UTC)).setParameter(3, kind.name())
                .executeUpdate();
    }

    /** A successful face decision for the subject (1:1 or 1:N) at {@code at}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void verified(UUID subjectId, Instant at) {
        interacted(subjectId, at, BiometricActivity.Kind.VERIFICATION);
    }

    /** A subject who holds face data and has not interacted with it since {@code cutoff}. */
    public record Idle(UUID subjectId, Instant lastInteractionAt, String lastInteraction) {
    }

    /**
     * Up to {@code limit} subjects holding templates or kept photos whose last interaction is before {@code cutoff}
     * (a subject with face data but no clock row counts from their newest template).
     */
    @Transactional
    public List<Idle> idleSince(Instant cutoff, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = BiometricTemplate.getEntityManager().createNativeQuery("""
                        SELECT h.subject_id, coalesce(a.last_interaction_at, h.newest) AS last, coalesce(a.kind, 'ENROLMENT')
                          FROM (SELECT subject_id, max(created_at) AS newest FROM biometric_template GROUP BY subject_id
                                UNION ALL
                                SELECT subject_id, max(created_at) FROM retained_image
                                 WHERE subject_id NOT IN (SELECT subject_id FROM biometric_template) GROUP BY subject_id) h
                          LEFT JOIN biometric_activity a ON a.subject_id = h.subject_id
                         WHERE coalesce(a.last_interaction_at, h.newest) < ?1
                         ORDER BY last LIMIT ?2""")
                .setParameter(1, cutoff.atOffset(java.time.ZoneOffset.UTC)).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new Idle((UUID) r[0], toInstant(r[1]), (String) r[2])).toList();
    }

    /** Whether the subject still holds face data idle since before {@code cutoff} (asked again under the subject's lock). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean stillIdle(UUID subjectId, Instant cutoff) {
        Number n = (Number) BiometricTemplate.getEntityManager().createNativeQuery("""
                        SELECT count(*) FROM (SELECT greatest(
                                   (SELECT last_interaction_at FROM biometric_activity WHERE subject_id = ?1),
                                   CASE WHEN EXISTS (SELECT 1 FROM biometric_activity WHERE subject_id = ?1) THEN NULL
                                        ELSE (SELECT max(created_at) FROM (SELECT created_at FROM biometric_template WHERE subject_id = ?1
                                              UNION ALL SELECT created_at FROM retained_image WHERE subject_id = ?1) c) END) AS last) x
                         WHERE x.last < ?2
                           AND (EXISTS (SELECT 1 FROM biometric_template WHERE subject_id = ?1)
                                OR EXISTS (SELECT 1 FROM retained_image WHERE subject_id = ?1))""")
                .setParameter(1, subjectId).setParameter(2, cutoff.atOffset(java.time.ZoneOffset.UTC)).getSingleResult();
        return n.longValue() > 0;
    }

    /** The subject's last interaction, if any is recorded. */
    @Transactional
    public Optional<Instant> lastInteraction(UUID subjectId) {
        return BiometricActivity.<BiometricActivity>findByIdOptional(subjectId).map(a -> a.lastInteractionAt);
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value);
    }

    /** Deletes every template and retained image of the subject (images through the outbox). Returns templates deleted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long deleteAll(UUID subjectId) {
        deleteImages(subjectId);
        // Nothing biometric is left to re-enrol from or for: the flag goes with the data.
        ReenrolmentFlag.deleteById(subjectId);
        BiometricActivity.deleteById(subjectId);
        return BiometricTemplate.delete("subjectId", subjectId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long deleteImages(UUID subjectId) {
        List<RetainedImage> images = RetainedImage.list("subjectId", subjectId);
        for (RetainedImage image : images) {
            objects.delete(image.objectKey);
            image.delete();
        }
        return images.size();
    }
}
