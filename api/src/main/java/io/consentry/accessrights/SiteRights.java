package io.consentry.accessrights;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.site.Sites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Who may enter which site and when: the facade the device decisions ask ({@link #check}, {@link #allowedNow}) and the
 * admins' site-rights screen ({@link #get}, {@link #replace}). A site without any group listed is open to every subject
 * of the tenant; once a group is listed only members of the listed groups enter, at the listed times.
 */
@ApplicationScoped
public class SiteRights {

    private final Sites sites;
    private final RightsCache cache;
    private final AccessClock clock;
    private final CallerTenant caller;
    private final AuditTrail audit;

    SiteRights(Sites sites, RightsCache cache, AccessClock clock, CallerTenant caller, AuditTrail audit) {
        this.sites = sites;
        this.cache = cache;
        this.clock = clock;
        this.caller = caller;
        this.audit = audit;
    }

    /** What the site's rights say about the subject at this moment (by {@link AccessClock}). */
    @Transactional
    public Verdict check(UUID siteId, UUID subjectId) {
        return compiled(siteId).map(r -> r.verdict(subjectId, clock.now())).orElse(Verdict.NOT_AUTHORISED_HERE);
    }

    /**
     * The subjects who may enter the site at this moment, or empty when the site is open to everyone. The set is shared
     * (unmodifiable) and reused until the next minute or membership boundary, or the next rights change.
     */
    @Transactional
    public Optional<Set<UUID>> allowedNow(UUID siteId) {
        Optional<CompiledRights> rights = compiled(siteId);
        if (rights.isEmpty()) {
            return Optional.of(Set.of()); // no such site: nobody
        }
        return rights.get().restricted() ? Optional.of(rights.get().allowedAt(clock.now())) : Optional.empty();
    }

    @Transactional
    public SiteRightsView get(UUID siteId) {
        Sites.SiteRef site = requireSite(siteId);
        return view(site);
    }

    /** Replaces the site's whole configuration in one transaction, after checking all of it. */
    @Transactional
    public SiteRightsView replace(UUID siteId, SiteRightsRequest request) {
        Sites.SiteRef site = requireSite(siteId);
        RightsRules.check(request, id -> AccessGroup.findById(id) != null);
        SiteRight.delete("siteId", siteId);
        SiteException.delete("siteId", siteId);
        SiteRight.getEntityManager().flush();
        List<GroupRight> groups = request.groups() == null ? List.of() : request.groups();
        for (GroupRight g : groups) {
            SiteRight right = new SiteRight();
            right.id = UUID.randomUUID();
            right.siteId = siteId;
            right.groupId = g.groupId();
            right.weekly = cache.write(g.weekly() == null ? List.of() : normalised(g.weekly()));
            right.persist();
        }
        List<DatedException> exceptions = request.exceptions() == null ? List.of() : request.exceptions();
        for (DatedException e : exceptions) {
            SiteException row = new SiteException();
            row.id = UUID.randomUUID();
            row.siteId = siteId;
            row.day = e.date();
            row.closed = Boolean.TRUE.equals(e.closed());
            row.hours = cache.write(e.hours() == null ? List.of() : e.hours());
            row.note = e.note() == null || e.note().isBlank() ? null : e.note().strip();
            row.persist();
        }
        RightsVersion.bump();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("site", siteId.toString());
        details.put("restricted", Boolean.toString(!groups.isEmpty()));
        details.put("groups", groups.stream().map(g -> g.groupId().toString()).collect(Collectors.joining(",")));
        details.put("exceptions", Integer.toString(exceptions.size()));
        audit.append(new AuditEvent(Actor.user(caller.username()), "site.rights.updated", null, null, AuditOutcome.OK, details));
        return view(site);
    }

    /** Where the subject may go: every site whose rights name one of their groups (sites open to all are listed too). */
    @Transactional
    public List<PlaceView> placesOf(UUID subjectId) {
        Instant now = clock.now();
        Map<UUID, AccessGroup> groups = AccessGroup.<AccessGroup>listAll().stream()
                .collect(Collectors.toMap(g -> g.id, g -> g));
        List<GroupMembership> memberships = GroupMembership.list("subjectId", subjectId);
        List<PlaceView> places = new ArrayList<>();
        for (var site : sites.list()) {
            List<SiteRight> rights = SiteRight.list("siteId", site.id());
            if (rights.isEmpty()) {
                places.add(new PlaceView(site.id(), site.name(), site.timeZone(), false, List.of(), List.of()));
                continue;
            }
            List<PlaceView.Via> via = new ArrayList<>();
            for (SiteRight right : rights) {
                for (GroupMembership m : memberships) {
                    if (m.groupId.equals(right.groupId) && (m.validUntil == null || m.validUntil.isAfter(now))) {
                        AccessGroup g = groups.get(m.groupId);
                        via.add(new PlaceView.Via(g == null ? "" : g.name, cache.readWeekly(right.weekly), m.validFrom, m.validUntil));
                    }
                }
            }
            if (via.isEmpty()) {
                continue;
            }
            java.time.LocalDate today = now.atZone(ZoneId.of(site.timeZone())).toLocalDate();
            List<DatedException> upcoming = SiteException.<SiteException>list("siteId = ?1 and day >= ?2 order by day", site.id(), today)
                    .stream().limit(20).map(cache::toView).toList();
            via.sort(Comparator.comparing(PlaceView.Via::group));
            places.add(new PlaceView(site.id(), site.name(), site.timeZone(), true, via, upcoming));
        }
        return places;
    }

    /** Whether the site lists any group (the console shows the others as open). */
    @Transactional
    public boolean restricted(UUID siteId) {
        return SiteRight.count("siteId", siteId) > 0;
    }

    private Optional<CompiledRights> compiled(UUID siteId) {
        Optional<Sites.SiteRef> site = sites.find(siteId);
        return site.map(s -> cache.get(caller.require().id, siteId, s.zone()));
    }

    private SiteRightsView view(Sites.SiteRef site) {
        Map<UUID, AccessGroup> groups = AccessGroup.<AccessGroup>listAll().stream().collect(Collectors.toMap(g -> g.id, g -> g));
        List<SiteRightsView.Group> rights = SiteRight.<SiteRight>list("siteId", site.id()).stream()
                .map(r -> new SiteRightsView.Group(r.groupId, groups.containsKey(r.groupId) ? groups.get(r.groupId).name : null,
                        cache.readWeekly(r.weekly)))
                .sorted(Comparator.comparing(g -> g.groupName() == null ? "" : g.groupName().toLowerCase()))
                .toList();
        List<DatedException> exceptions = SiteException.<SiteException>list("siteId = ?1 order by day", site.id()).stream()
                .map(cache::toView).toList();
        return new SiteRightsView(site.id(), site.name(), site.zone().getId(), !rights.isEmpty(), rights, exceptions);
    }

    private Sites.SiteRef requireSite(UUID siteId) {
        return sites.find(siteId).orElseThrow(() -> new ApiException(ProblemCode.SITE_NOT_FOUND, "There is no site " + siteId + " in this tenant."));
    }

    private static List<WeeklyWindow> normalised(List<WeeklyWindow> weekly) {
        return weekly.stream().map(w -> new WeeklyWindow(new java.util.TreeSet<>(w.days()), w.from(), w.to())).toList();
    }
}
