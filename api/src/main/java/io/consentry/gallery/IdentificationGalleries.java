package io.consentry.gallery;

import io.consentry.consent.GalleryMember;
import io.consentry.core.engine.EngineChanged;
import io.consentry.face.Gallery;
import io.consentry.face.Template;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleBiFunction;

/**
 * The in-memory 1:N galleries, one per (tenant, identification purpose), built from decrypted templates of subjects
 * who consented to exactly that purpose. Sites that identify under the same purpose share a gallery: it holds who may
 * be identified for that processing activity; the site's policy decides whether identification is used and how
 * strictly. A subject who consented to identification in the members' lounge is not in the gallery of the car park.
 * <p>
 * Consistency: a change to a subject ({@link #invalidate}) removes that subject's templates from the live gallery
 * at once, and bumps the tenant's generation so that the next search rebuilds from the database. A rebuild that
 * raced with a change drops the subjects changed meanwhile before it is published, so a withdrawn subject can
 * never come back from a load that started before the withdrawal committed.
 * <p>
 * Model packs: a gallery holds templates of one pack only (the probe's); members of another pack are left out, and
 * a gallery built for another pack than the probe's is rebuilt, so vectors of different recognisers are never
 * compared. A pack switch ({@link EngineChanged}) forgets every gallery.
 * <p>
 * Memory: all galleries of this replica together hold at most {@code consentry.gallery.memory-budget} bytes, as
 * {@link GalleryFootprint} accounts them. A member's primary vector lives in the index only, quantised where it was
 * decrypted ({@link io.consentry.face.IndexedTemplate}). A load that would exceed it first evicts the least recently searched
 * galleries; a gallery larger than the whole budget is not loaded at all (the search answers
 * {@value #TOO_LARGE}) instead of evicting everybody else's. An evicted gallery keeps only its generation record, so
 * changes announced while it is out are still honoured, and its next search reloads it from the database.
 * <p>
 * Cold loads never hold a decision longer than {@code consentry.gallery.load-wait}: a gallery that is not resident is
 * loaded in the background ({@link GalleryLoads}: one load per gallery at a time, shared by every search that needs it,
 * on a few threads of its own). A search waits for it at most that long; if it is not ready, the search answers
 * {@value #LOADING} and the person uses an alternative. A gallery that is only partly loaded is never searched: a
 * member whose template is not loaded yet would be a stranger to the search, and the open-set threshold lets the share
 * FPIR of strangers (e.g. one in a hundred at 1 %) be taken for somebody else — with half a gallery loaded, half the
 * members would be at that risk. A resident gallery that a change made stale (an enrolment, a withdrawal) is different: the changed
 * subjects were already taken out of it, so it stays searchable while its reload runs (it misses only those few, and
 * can never find a withdrawn subject). A load that fails is not remembered: the next search starts another.
 */
@ApplicationScoped
@Startup // its metrics exist (at 0) from start-up, not from the first identification
public class IdentificationGalleries {

    private static final Logger LOG = Logger.getLogger(IdentificationGalleries.class);

    /** One gallery per tenant and identification purpose. */
    record Key(UUID tenantId, UUID purposeId) {
    }

    /** The search's reason when the purpose's gallery alone is larger than this replica's whole budget. */
    public static final String TOO_LARGE = "gallery_too_large_for_replica";
    /** The search's reason when the purpose's gallery is not resident and its load did not finish within the load wait. */
    public static final String LOADING = "gallery_loading";

    private final ConcurrentHashMap<Key, TenantGallery> tenants = new ConcurrentHashMap<>();
    private final long budget;
    /** Orders searches for least-recently-used eviction. */
    private final AtomicLong clock = new AtomicLong();
    /** Held to admit a built gallery under the budget (evicting others) and publish it in one step. */
    private final Object admission = new Object();
    private final Counter hits;
    private final Counter loads;
    private final Counter evictions;
    private final Counter refusals;
    private final Counter loading;
    private final Counter loadFailures;
    /** The longest a search waits for a load of its gallery before it answers {@value #LOADING}. */
    private final Duration loadWait;
    private final GalleryLoads pool;

    /** Unbounded and unmetered, every search waiting for its load: for tests of consistency alone. */
    IdentificationGalleries() {
        this(Long.MAX_VALUE, new SimpleMeterRegistry(), Duration.ofDays(1), 2);
    }

    @Inject
    IdentificationGalleries(@ConfigProperty(name = "consentry.gallery.memory-budget", defaultValue = "512M") MemorySize budget,
                            MeterRegistry meters,
                            @ConfigProperty(name = "consentry.gallery.load-wait", defaultValue = "PT0.5S") Duration loadWait,
                            @ConfigProperty(name = "consentry.gallery.load-threads", defaultValue = "2") int loadThreads) {
        this(budget.asLongValue(), meters, loadWait, loadThreads);
    }

    IdentificationGalleries(long budget, MeterRegistry meters, Duration loadWait, int loadThreads) {
        if (budget <= 0) {
            throw new IllegalArgumentException("consentry.gallery.memory-budget must be positive");
        }
        if (loadWait.isNegative()) {
            throw new IllegalArgumentException("consentry.gallery.load-wait must not be negative");
        }
        this.budget = budget;
        this.loadWait = loadWait;
        this.pool = new GalleryLoads(loadThreads);
        this.hits = Counter.builder("consentry.gallery.hits").description("Searches served by a resident gallery").register(meters);
        this.loads = Counter.builder("consentry.gallery.loads").description("Galleries loaded from the database").register(meters);
        this.evictions = Counter.builder("consentry.gallery.evictions").description("Galleries evicted to stay within the budget")
                .register(meters);
        this.refusals = Counter.builder("consentry.gallery.refusals").description("Searches refused: gallery larger than the budget")
                .register(meters);
        this.loading = Counter.builder("consentry.gallery.loading")
                .description("Searches answered gallery_loading: the gallery's load did not finish within the load wait").register(meters);
        this.loadFailures = Counter.builder("consentry.gallery.load.failures")
                .description("Gallery loads that failed (not remembered: the next search loads again)").register(meters);
        Gauge.builder("consentry.gallery.bytes", this, IdentificationGalleries::bytesInUse).baseUnit("bytes")
                .description("Bytes held by resident galleries").register(meters);
        Gauge.builder("consentry.gallery.budget", this, g -> g.budget).baseUnit("bytes")
                .description("Byte budget of all galleries of this replica").register(meters);
    }

    /** Candidates ranked by the primary recogniser that are re-scored with the pack's decision score. */
    static final int RESCORED = 10;

    /** The best hit for the probe by cosine of the primary vectors; loads (or reloads) the purpose's gallery when needed. */
    public Optional<GalleryMatch> best(UUID tenantId, UUID purposeId, Template probe, Supplier<List<GalleryMember>> loader) {
        return search(tenantId, purposeId, probe, null, loader).best();
    }

    /** A source that hands over a whole list at once (tests, measurements): its templates of the probe's pack are announced first. */
    static GallerySource all(Supplier<List<GalleryMember>> members, Template probe) {
        return sink -> {
            List<GalleryMember> list = members.get();
            if (sink.expect(list.stream().filter(m -> GalleryFootprint.fits(m.template(), probe)).count())) {
                sink.accept(list);
            }
        };
    }

    /**
     * Searches the gallery of one identification purpose: the best candidate by {@code score} (the pack's decision score: for a fused pack
     * the thresholds apply to the fused score, not to the primary cosine the index ranks by), the best score of any
     * other subject, and the number of templates searched. The index short-lists the top {@value #RESCORED} by the
     * primary recogniser; those are re-scored with the pack's score from the templates as the gallery holds them (the
     * primary vector from the index's 12-bit codes, a fused pack's further vectors as decrypted).
     */
    public GallerySearch search(UUID tenantId, UUID purposeId, Template probe, ToDoubleBiFunction<Template, Template> score,
                                Supplier<List<GalleryMember>> loader) {
        return search(tenantId, purposeId, probe, score, all(loader, probe), null);
    }

    /** As below, with the members handed over as a whole list. */
    public GallerySearch search(UUID tenantId, UUID purposeId, Template probe, ToDoubleBiFunction<Template, Template> score,
                                Supplier<List<GalleryMember>> loader, Set<UUID> allowed) {
        return search(tenantId, purposeId, probe, score, all(loader, probe), allowed);
    }

    /**
     * As above, among the given subjects only ({@code allowed}; null: every member): the short-list, the best candidate
     * and the runner-up are all of them, and the number of templates searched — which the open-set threshold follows —
     * counts only their templates. A member outside {@code allowed} can neither be found nor be matched in place of
     * someone allowed.
     */
    public GallerySearch search(UUID tenantId, UUID purposeId, Template probe, ToDoubleBiFunction<Template, Template> score,
                                GallerySource loader, Set<UUID> allowed) {
        Built built = current(new Key(tenantId, purposeId), probe, loader);
        if (built.refused != null) {
            return GallerySearch.unavailable(built.refused);
        }
        if (built.gallery == null || built.gallery.size() == 0) {
            return GallerySearch.empty();
        }
        AllowedCount subset = allowed == null ? null : built.subset(allowed);
        int searched = subset == null ? built.gallery.size() : subset.templates();
        if (searched == 0) {
            return GallerySearch.empty();
        }
        int k = score == null ? 2 : RESCORED;
        List<Gallery.Hit> hits;
        if (subset == null) {
            hits = built.gallery.search(probe, k);
        } else if (subset.templates() <= DIRECT_MAX) {
            // A few templates: score just those exactly instead of scanning everyone.
            hits = built.gallery.searchAmong(probe, k, subset.ids());
        } else {
            // A large share: the scan skips the others by one bit test each.
            hits = built.gallery.search(probe, k, subset.mask());
        }
        Map<UUID, GalleryMatch> bestPerSubject = new HashMap<>();
        for (Gallery.Hit hit : hits) {
            HeldMember member = built.members.get(hit.id());
            float[] primary = member == null || score == null ? null : built.gallery.storedVector(hit.id());
            if (member == null || (score == null ? !built.gallery.contains(hit.id()) : primary == null)) {
                continue; // removed while we searched
            }
            if (allowed != null && !allowed.contains(member.subjectId())) {
                continue; // never: the scan admitted allowed subjects only; kept as the rule's last line
            }
            float s = score == null ? hit.score() : (float) score.applyAsDouble(stored(primary, member, probe), probe);
            bestPerSubject.merge(member.subjectId(), new GalleryMatch(member.subjectId(), member.externalRef(), s),
                    (a, b) -> a.score() >= b.score() ? a : b);
        }
        List<GalleryMatch> ranked = bestPerSubject.values().stream()
                .sorted((a, b) -> Float.compare(b.score(), a.score())).toList();
        if (ranked.isEmpty()) {
            return new GallerySearch(Optional.empty(), Float.NEGATIVE_INFINITY, searched);
        }
        float runnerUp = ranked.size() > 1 ? ranked.get(1).score() : Float.NEGATIVE_INFINITY;
        return new GallerySearch(Optional.of(ranked.get(0)), runnerUp, searched);
    }

    /**
     * A short-listed member's template as the gallery holds it, for the pack's decision score: the primary vector from
     * the index's 12-bit codes (typically within 2e-5 of the float cosine, within 1e-4 on real faces, see {@link Gallery}), a fused pack's further
     * vectors as decrypted. Its pack and shape are the probe's (a gallery holds the probe's pack only).
     */
    private static Template stored(float[] primary, HeldMember member, Template probe) {
        List<float[]> vectors = new java.util.ArrayList<>(1 + member.secondary().size());
        vectors.add(primary);
        vectors.addAll(member.secondary());
        return Template.ofMulti(probe.packId(), probe.packVersion(), vectors, probe.quality());
    }

    /** How many of the gallery's templates belong to the allowed subjects (iterating the smaller side). */
    private static int countTemplatesOf(Built built, Set<UUID> allowed) {
        int count = 0;
        if (allowed.size() <= built.bySubject.size()) {
            for (UUID subject : allowed) {
                List<UUID> templates = built.bySubject.get(subject);
                count += templates == null ? 0 : templates.size();
            }
        } else {
            for (Map.Entry<UUID, List<UUID>> e : built.bySubject.entrySet()) {
                if (allowed.contains(e.getKey())) {
                    count += e.getValue().size();
                }
            }
        }
        return count;
    }

    /** Another model pack is configured: every gallery was built from the previous pack's templates. */
    void onEngineChanged(@Observes EngineChanged change) {
        invalidateAll();
    }

    /**
     * Drops the subject from every live gallery of the tenant now; the next search of each reloads from the database.
     * A gallery that does not exist yet needs nothing: it is created before its first load starts, and that load
     * begins after the change committed.
     */
    public void invalidate(UUID tenantId, UUID subjectId) {
        tenants.forEach((key, tenant) -> {
            if (key.tenantId().equals(tenantId)) {
                invalidate(tenant, subjectId);
            }
        });
    }

    private static void invalidate(TenantGallery tenant, UUID subjectId) {
        long generation = tenant.generation.incrementAndGet();
        tenant.changedAt.put(subjectId, generation);
        Built built = tenant.built;
        if (built != null && built.gallery != null) {
            List<UUID> templates = built.bySubject.getOrDefault(subjectId, List.of());
            templates.forEach(template -> built.gallery.remove(template.toString()));
        }
    }

    /** Forgets every gallery (e.g. after missed notifications); they are rebuilt on demand. */
    public void invalidateAll() {
        synchronized (admission) {
            tenants.clear();
        }
    }

    /** Bytes the resident galleries hold together, as {@link GalleryFootprint} accounts them; never above {@link #budget()}. */
    public long bytesInUse() {
        return tenants.values().stream().mapToLong(t -> {
            Built built = t.built;
            return built == null ? 0 : built.bytes;
        }).sum();
    }

    public long budget() {
        return budget;
    }

    /** Whether the purpose's gallery is resident (loaded and not evicted). */
    public boolean resident(UUID tenantId, UUID purposeId) {
        TenantGallery tenant = tenants.get(new Key(tenantId, purposeId));
        return tenant != null && tenant.built != null && tenant.built.refused == null;
    }

    /** How many templates the tenant's live galleries hold together (0 when none is loaded). */
    public int size(UUID tenantId) {
        return tenants.entrySet().stream().filter(e -> e.getKey().tenantId().equals(tenantId))
                .mapToInt(e -> size(e.getKey().tenantId(), e.getKey().purposeId())).sum();
    }

    /** How many templates the purpose's live gallery holds (0 when not loaded). */
    public int size(UUID tenantId, UUID purposeId) {
        TenantGallery tenant = tenants.get(new Key(tenantId, purposeId));
        Built built = tenant == null ? null : tenant.built;
        return built == null || built.gallery == null ? 0 : built.gallery.size();
    }

    /** Whether the purpose's live gallery holds any template of the subject (without reloading). */
    public boolean holds(UUID tenantId, UUID purposeId, UUID subjectId) {
        return holds(tenants.get(new Key(tenantId, purposeId)), subjectId);
    }

    /** Whether any live gallery of the tenant holds a template of the subject (without reloading). */
    public boolean holdsAnywhere(UUID tenantId, UUID subjectId) {
        return tenants.entrySet().stream().anyMatch(e -> e.getKey().tenantId().equals(tenantId) && holds(e.getValue(), subjectId));
    }

    private static boolean holds(TenantGallery tenant, UUID subjectId) {
        Built built = tenant == null ? null : tenant.built;
        return built != null && built.gallery != null
                && built.bySubject.getOrDefault(subjectId, List.of()).stream().anyMatch(t -> built.gallery.contains(t.toString()));
    }

    /** Whether the next search will reload the purpose's gallery. */
    public boolean stale(UUID tenantId, UUID purposeId) {
        TenantGallery tenant = tenants.get(new Key(tenantId, purposeId));
        return tenant == null || tenant.built == null || tenant.built.generation != tenant.generation.get();
    }

    private Built current(Key key, Template probe, GallerySource loader) {
        TenantGallery tenant = tenants.computeIfAbsent(key, id -> new TenantGallery());
        tenant.lastUsed = clock.incrementAndGet();
        Built built = tenant.built;
        if (built != null && built.generation == tenant.generation.get() && built.fits(probe)) {
            hits.increment();
            return built;
        }
        Built loaded = await(loadOf(key, tenant, probe, loader));
        if (loaded != null && loaded.fits(probe)) {
            return loaded;
        }
        built = tenant.built;
        if (built != null && built.gallery != null && built.fits(probe)) {
            // Complete but stale: the subjects changed since were already taken out of it (invalidate), so it can miss
            // only them until its reload is published, and never finds anybody who withdrew.
            hits.increment();
            return built;
        }
        loading.increment();
        return Built.refused(LOADING, -1, probe);
    }

    /**
     * The gallery's load in progress, or a new one started in the background. Concurrent searches of a cold gallery
     * share one load (they would each need the same result). A load the pool cannot take now (too many galleries
     * loading at once) is not recorded, so that the next search tries again.
     */
    private CompletableFuture<Built> loadOf(Key key, TenantGallery tenant, Template probe, GallerySource loader) {
        synchronized (tenant) {
            if (tenant.loading != null) {
                return tenant.loading;
            }
            CompletableFuture<Built> load = new CompletableFuture<>();
            tenant.loading = load;
            try {
                pool.execute(() -> load(key, tenant, probe, loader, load));
            } catch (RejectedExecutionException busy) {
                tenant.loading = null;
                LOG.warnf("Identification gallery load not started: %d galleries are loading or queued", pool.queued());
                return CompletableFuture.completedFuture(null);
            }
            return load;
        }
    }

    /** The load's result once it is done within the load wait; null when it is not (or failed: it is retried next time). */
    private Built await(CompletableFuture<Built> load) {
        try {
            if (loadWait.isZero()) {
                return load.isDone() && !load.isCompletedExceptionally() ? load.getNow(null) : null;
            }
            return load.get(loadWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException notReady) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Loads, builds and publishes one gallery (on a load thread), holding the budget as the source hands members over
     * ({@link GalleryBuild}): a gallery too large for the budget is declined before anything is decrypted. The
     * generation is read before the loader's transaction starts: a change committed after that bumps it, and the
     * subjects it names are dropped from the result before and after it is published (invalidate does not wait for a
     * load in progress), so that a load never brings back a withdrawn subject; the published gallery is then stale, and
     * the next search reloads it.
     */
    private void load(Key key, TenantGallery tenant, Template probe, GallerySource loader, CompletableFuture<Built> done) {
        Built result;
        try {
            long generation = tenant.generation.get();
            long started = System.nanoTime();
            GalleryBuild build = new GalleryBuild(probe, budget);
            loader.feed(build);
            long read = System.nanoTime();
            loads.increment();
            if (build.tooLarge()) {
                refusals.increment();
                LOG.warnf("Identification gallery of %d template(s) exceeds this replica's budget of %d bytes: not loaded",
                        build.expected(), budget);
                // Remembered until the gallery changes, so that each search does not decrypt it again to refuse it.
                result = Built.refused(TOO_LARGE, generation, probe);
                admit(key, tenant, result);
            } else {
                Map<String, HeldMember> byTemplate = new HashMap<>(build.size() * 4 / 3 + 1);
                Map<UUID, List<UUID>> bySubject = new HashMap<>();
                Gallery gallery = build.build(byTemplate, bySubject);
                Built fresh = new Built(gallery, byTemplate, bySubject, generation, probe.packId(), probe.dimension(),
                        build.bytes(), null);
                dropChangedSince(tenant, fresh, generation);
                admit(key, tenant, fresh);
                dropChangedSince(tenant, fresh, generation);
                tenant.changedAt.values().removeIf(changed -> changed <= generation);
                if (build.skipped() > 0) {
                    LOG.infof("Identification gallery: %d template(s) of another model pack left out", build.skipped());
                }
                LOG.debugf("Identification gallery of %d template(s) loaded: read and decrypted in %d ms, indexed in %d ms",
                        fresh.gallery.size(), (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
                result = fresh;
            }
        } catch (RuntimeException | Error e) {
            loadFailures.increment();
            LOG.warnf("Identification gallery load failed (%s); the next identification loads it again", e.toString());
            finish(tenant, done);
            done.completeExceptionally(e);
            return;
        }
        finish(tenant, done);
        done.complete(result);
    }

    /** The load is over: the next search that finds the gallery missing or stale starts another. */
    private static void finish(TenantGallery tenant, CompletableFuture<Built> done) {
        synchronized (tenant) {
            if (tenant.loading == done) {
                tenant.loading = null;
            }
        }
    }

    /**
     * Waits until no gallery load is in progress (package-visible, for tests that wait on the condition instead of
     * sleeping): true when none is left within the timeout.
     */
    boolean awaitLoads(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<CompletableFuture<Built>> running = tenants.values().stream().map(t -> t.loading)
                    .filter(java.util.Objects::nonNull).toList();
            if (running.isEmpty() && pool.idle()) {
                return true;
            }
            for (CompletableFuture<Built> load : running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    load.get(left, TimeUnit.NANOSECONDS);
                } catch (ExecutionException failed) {
                    // a failed load is over too
                } catch (TimeoutException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (running.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // its thread is just returning
            }
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    /** Publishes the gallery, first evicting the least recently searched others until it fits the budget. */
    private void admit(Key key, TenantGallery tenant, Built fresh) {
        synchronized (admission) {
            tenant.built = null; // the gallery it replaces does not count against its successor
            long inUse = bytesInUse();
            while (inUse + fresh.bytes > budget) {
                Map.Entry<Key, TenantGallery> lru = tenants.entrySet().stream()
                        .filter(e -> !e.getKey().equals(key) && e.getValue().built != null && e.getValue().built.bytes > 0)
                        .min((a, b) -> Long.compare(a.getValue().lastUsed, b.getValue().lastUsed)).orElseThrow();
                inUse -= lru.getValue().built.bytes;
                // Only the gallery goes; its generation and pending changes stay, so a load racing with a change
                // still drops the changed subjects, and the next search reloads from the database.
                lru.getValue().built = null;
                evictions.increment();
            }
            if (tenants.get(key) == tenant) {
                tenant.built = fresh;
            } // else every gallery was forgotten while this one loaded: it serves this search and is not kept

        }
    }

    private static void dropChangedSince(TenantGallery tenant, Built fresh, long generation) {
        tenant.changedAt.forEach((subject, changed) -> {
            if (changed > generation) {
                fresh.bySubject.getOrDefault(subject, List.of()).forEach(t -> fresh.gallery.remove(t.toString()));
            }
        });
    }

    private static final class TenantGallery {
        final AtomicLong generation = new AtomicLong();
        final ConcurrentHashMap<UUID, Long> changedAt = new ConcurrentHashMap<>();
        volatile Built built;
        volatile long lastUsed;
        /** The load in progress, if any; written under the TenantGallery's monitor. */
        volatile CompletableFuture<Built> loading;
    }

    /**
     * The allowed subjects' templates for one allowed set, kept by identity (the rights hand out the same set object
     * until it changes): their number, and their ids when they are few enough to be scored one by one.
     */
    private record AllowedCount(Set<UUID> allowed, int templates, String[] ids, Gallery.Subset mask) {
    }

    /**
     * Up to this many allowed templates they are scored one by one (about 7 µs each, measured) rather than masked in the
     * scan (about 4 ms for 100,000 templates whatever the mask): see docs/operations/access-rights.md.
     */
    static final int DIRECT_MAX = 256;

    private record Built(Gallery gallery, Map<String, HeldMember> members, Map<UUID, List<UUID>> bySubject, long generation,
                         String packId, int dimension, long bytes, String refused,
                         java.util.concurrent.atomic.AtomicReference<AllowedCount> lastCount) {

        Built(Gallery gallery, Map<String, HeldMember> members, Map<UUID, List<UUID>> bySubject, long generation,
              String packId, int dimension, long bytes, String refused) {
            this(gallery, members, bySubject, generation, packId, dimension, bytes, refused,
                    new java.util.concurrent.atomic.AtomicReference<>());
        }

        AllowedCount subset(Set<UUID> allowed) {
            AllowedCount last = lastCount.get();
            if (last != null && last.allowed() == allowed) {
                return last;
            }
            int count = countTemplatesOf(this, allowed);
            String[] ids = new String[count];
            int i = 0;
            for (UUID subject : allowed) {
                List<UUID> templates = bySubject.get(subject);
                if (templates != null) {
                    for (UUID t : templates) {
                        ids[i++] = t.toString();
                    }
                }
            }
            AllowedCount fresh = new AllowedCount(allowed, count, ids, Gallery.subset(ids));
            lastCount.set(fresh);
            return fresh;
        }

        static Built refused(String reason, long generation, Template probe) {
            return new Built(null, Map.of(), Map.of(), generation, probe.packId(), probe.dimension(), 0, reason);
        }

        boolean fits(Template probe) {
            return packId.equals(probe.packId()) && dimension == probe.dimension();
        }
    }
}
