package io.consentry.site;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Site lifecycle. The service other features call (devices, policies) — they never touch {@link Site} directly.
 * A new site fires {@link SiteCreated} so the policy feature can give it a safe default policy in the same transaction.
 */
@ApplicationScoped
public class Sites {

    private final Event<SiteCreated> created;
    private final AuditTrail audit;
    private final CallerTenant caller;
    private final Instance<SiteUsage> usages;
    private final Instance<FaceUseOnSite> faceUses;

    Sites(Event<SiteCreated> created, AuditTrail audit, CallerTenant caller, Instance<SiteUsage> usages,
          Instance<FaceUseOnSite> faceUses) {
        this.created = created;
        this.audit = audit;
        this.caller = caller;
        this.usages = usages;
        this.faceUses = faceUses;
    }

    /** What other features may know of a site. */
    public record SiteRef(UUID id, String name, ZoneId zone) {
    }

    /** Fired synchronously inside the creating transaction. */
    public record SiteCreated(UUID siteId) {
    }

    @Transactional
    public List<SiteView> list() {
        return Site.<Site>list("order by name").stream().map(SiteView::of).toList();
    }

    @Transactional
    public SiteView get(UUID id) {
        return SiteView.of(require(id));
    }

    @Transactional
    public Optional<SiteRef> find(UUID id) {
        return Optional.ofNullable(Site.<Site>findById(id)).map(s -> new SiteRef(s.id, s.name, ZoneId.of(s.timeZone)));
    }

    @Transactional
    public SiteView create(SiteRequest request) {
        checkNameFree(request.name(), null);
        Site site = new Site();
        site.id = UUID.randomUUID();
        site.name = request.name().strip();
        site.description = request.description();
        site.timeZone = zone(request.timeZone());
        site.category = request.category() == null ? SiteCategory.DEFAULT : request.category();
        site.createdAt = Instant.now();
        site.updatedAt = site.createdAt;
        site.persist();
        created.fire(new SiteCreated(site.id));
        audit("site.created", site);
        return SiteView.of(site);
    }

    @Transactional
    public SiteView update(UUID id, SiteRequest request) {
        Site site = require(id);
        checkNameFree(request.name(), id);
        site.name = request.name().strip();
        site.description = request.description();
        site.timeZone = zone(request.timeZone());
        if (request.category() != null && request.category() != site.category) {
            refuseFaceInPrivateSpace(site, request.category());
            site.category = request.category();
        }
        site.updatedAt = Instant.now();
        audit("site.updated", site);
        return SiteView.of(site);
    }

    /** Whether the site is a private space, where no face method may run (empty: no such site). */
    @Transactional
    public Optional<Boolean> privateSpace(UUID id) {
        return Optional.ofNullable(Site.<Site>findById(id)).map(s -> s.category.privateSpace());
    }

    /** The site's category, for the refusal's sentence. */
    @Transactional
    public Optional<SiteCategory> category(UUID id) {
        return Optional.ofNullable(Site.<Site>findById(id)).map(s -> s.category);
    }

    private void refuseFaceInPrivateSpace(Site site, SiteCategory next) {
        if (!next.privateSpace()) {
            return;
        }
        java.util.Set<String> face = new java.util.TreeSet<>();
        for (FaceUseOnSite use : faceUses) {
            face.addAll(use.faceMethods(site.id));
        }
        if (!face.isEmpty()) {
            throw new ApiException(ProblemCode.PRIVATE_SPACE_NO_FACE, "'" + site.name + "' cannot become " + next
                    + ": that is a private space, where no face recognition may run, and its policy still uses "
                    + String.join(" and ", face) + ". Remove the face methods from its policy first.");
        }
    }

    /** Only an empty site can go: devices (even revoked ones) keep their history attached to it. */
    @Transactional
    public SiteView delete(UUID id) {
        Site site = require(id);
        for (SiteUsage usage : usages) {
            long count = usage.count(id);
            if (count > 0) {
                throw new ApiException(ProblemCode.SITE_IN_USE, "The site still has " + count + " " + usage.description()
                        + "; it is kept for their history.");
            }
        }
        SiteView view = SiteView.of(site);
        audit("site.deleted", site);
        site.delete();
        return view;
    }

    private void audit(String action, Site site) {
        audit.append(new AuditEvent(Actor.user(caller.username()), action, null, null, AuditOutcome.OK,
                Map.of("site", site.id.toString(), "name", site.name, "timeZone", site.timeZone, "category", site.category.name())));
    }

    Site require(UUID id) {
        Site site = Site.findById(id);
        if (site == null) {
            throw new ApiException(ProblemCode.SITE_NOT_FOUND, "There is no site " + id + " in this tenant.");
        }
        return site;
    }

    private static void checkNameFree(String name, UUID self) {
        Optional<Site> other = Site.find("lower(name) = ?1", name.strip().toLowerCase()).firstResultOptional();
        if (other.isPresent() && !other.get().id.equals(self)) {
            throw new ApiException(ProblemCode.SITE_EXISTS, "A site named '" + name.strip() + "' already exists.");
        }
    }

    private static String zone(String requested) {
        if (requested == null || requested.isBlank()) {
            return "UTC";
        }
        try {
            return ZoneId.of(requested.strip()).getId();
        } catch (DateTimeException e) {
            throw new ApiException(ProblemCode.INVALID_TIME_ZONE, "'" + requested + "' is not a time zone id such as Asia/Shanghai or UTC.");
        }
    }
}
