package io.consentry.gallery;

import io.consentry.consent.GalleryMember;
import io.consentry.core.engine.EngineChanged;
import io.consentry.face.Gallery;
import io.consentry.face.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 */
@ApplicationScoped
public class IdentificationGalleries {

    private static final Logger LOG = Logger.getLogger(IdentificationGalleries.class);

    /** One gallery per tenant and identification purpose. */
    record Key(UUID tenantId, UUID purposeId) {
    }

    private final ConcurrentHashMap<Key, TenantGallery> tenants = new ConcurrentHashMap<>();

    /** Candidates ranked by the primary recogniser that are re-scored with the pack's decision score. */
    static final int RESCORED = 10;

    /** The best hit for the probe by cosine of the primary vectors; loads (or reloads) the purpose's gallery when needed. */
    public Optional<GalleryMatch> best(UUID tenantId, UUID purposeId, Template probe, Supplier<List<GalleryMember>> loader) {
        return search(tenantId, purposeId, probe, null, loader).best();
    }

    /**
     * Searches the gallery of one identification purpose: the best candidate by {@code score} (the pack's decision score: for a fused pack
     * the thresholds apply to the fused score, not to the primary cosine the index ranks by), the best score of any
     * other subject, and the number of templates searched. The index short-lists the top {@value #RESCORED} by the
     * primary recogniser; those are re-scored exactly from the members' templates.
     */
    public GallerySearch search(UUID tenantId, UUID purposeId, Template probe, ToDoubleBiFunction<Template, Template> score,
                                Supplier<List<GalleryMember>> loader) {
        Built built = current(new Key(tenantId, purposeId), probe, loader);
        if (built.gallery == null || built.gallery.size() == 0) {
            return GallerySearch.empty();
        }
        int searched = built.gallery.size();
        List<Gallery.Hit> hits = built.gallery.search(probe, score == null ? 2 : RESCORED);
        Map<UUID, GalleryMatch> bestPerSubject = new HashMap<>();
        for (Gallery.Hit hit : hits) {
            GalleryMember member = built.members.get(hit.id());
            if (member == null || !built.gallery.contains(hit.id())) {
                continue; // removed while we searched
            }
            float s = score == null ? hit.score() : (float) score.applyAsDouble(member.template(), probe);
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
            Set<UUID> templates = built.bySubject.getOrDefault(subjectId, Set.of());
            templates.forEach(template -> built.gallery.remove(template.toString()));
        }
    }

    /** Forgets every gallery (e.g. after missed notifications); they are rebuilt on demand. */
    public void invalidateAll() {
        tenants.clear();
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
                && built.bySubject.getOrDefault(subjectId, Set.of()).stream().anyMatch(t -> built.gallery.contains(t.toString()));
    }

    /** Whether the next search will reload the purpose's gallery. */
    public boolean stale(UUID tenantId, UUID purposeId) {
        TenantGallery tenant = tenants.get(new Key(tenantId, purposeId));
        return tenant == null || tenant.built == null || tenant.built.generation != tenant.generation.get();
    }

    private Built current(Key key, Template probe, Supplier<List<GalleryMember>> loader) {
        TenantGallery tenant = tenants.computeIfAbsent(key, id -> new TenantGallery());
        Built built = tenant.built;
        if (built != null && built.generation == tenant.generation.get() && built.fits(probe)) {
            return built;
        }
        synchronized (tenant) {
            built = tenant.built;
            long generation = tenant.generation.get();
            if (built != null && built.generation == generation && built.fits(probe)) {
                return built;
            }
            Built fresh = build(loader.get(), probe, generation);
            // Subjects changed while we were loading stay out until the next load. Checked before and after
            // publishing, because invalidate() does not wait for a build in progress.
            dropChangedSince(tenant, fresh, generation);
            tenant.built = fresh;
            dropChangedSince(tenant, fresh, generation);
            tenant.changedAt.values().removeIf(changed -> changed <= generation);
            return fresh;
        }
    }

    private static void dropChangedSince(TenantGallery tenant, Built fresh, long generation) {
        tenant.changedAt.forEach((subject, changed) -> {
            if (changed > generation) {
                fresh.bySubject.getOrDefault(subject, Set.of()).forEach(t -> fresh.gallery.remove(t.toString()));
            }
        });
    }

    private static Built build(List<GalleryMember> members, Template probe, long generation) {
        Gallery gallery = new Gallery(probe.packId(), probe.dimension());
        Map<String, GalleryMember> byTemplate = new HashMap<>();
        Map<UUID, Set<UUID>> bySubject = new HashMap<>();
        int skipped = 0;
        for (GalleryMember member : members) {
            Template template = member.template();
            if (!template.packId().equals(probe.packId()) || template.dimension() != probe.dimension()) {
                skipped++; // enrolled with another model pack: must re-enrol before it can be identified
                continue;
            }
            gallery.put(member.templateId().toString(), template);
            byTemplate.put(member.templateId().toString(), member);
            bySubject.computeIfAbsent(member.subjectId(), s -> new HashSet<>()).add(member.templateId());
        }
        if (skipped > 0) {
            LOG.infof("Identification gallery: %d template(s) of another model pack left out", skipped);
        }
        return new Built(gallery, byTemplate, bySubject, generation, probe.packId(), probe.dimension());
    }

    private static final class TenantGallery {
        final AtomicLong generation = new AtomicLong();
        final ConcurrentHashMap<UUID, Long> changedAt = new ConcurrentHashMap<>();
        volatile Built built;
    }

    private record Built(Gallery gallery, Map<String, GalleryMember> members, Map<UUID, Set<UUID>> bySubject, long generation,
                         String packId, int dimension) {
        boolean fits(Template probe) {
            return packId.equals(probe.packId()) && dimension == probe.dimension();
        }
    }
}
