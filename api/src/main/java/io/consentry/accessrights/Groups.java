package io.consentry.accessrights;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.site.Sites;
import io.consentry.subject.SubjectDirectory;
import io.consentry.subject.SubjectRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Groups of subjects and their memberships: the admins' side. Every change is audited and bumps the tenant's
 * {@link RightsVersion}, so the next decision on any replica sees it.
 */
@ApplicationScoped
public class Groups {

    private final SubjectDirectory subjects;
    private final Sites sites;
    private final AccessClock clock;
    private final CallerTenant caller;
    private final AuditTrail audit;

    Groups(SubjectDirectory subjects, Sites sites, AccessClock clock, CallerTenant caller, AuditTrail audit) {
        this.subjects = subjects;
        this.sites = sites;
        this.clock = clock;
        this.caller = caller;
        this.audit = audit;
    }

    @Transactional
    public List<GroupView> list() {
        return AccessGroup.<AccessGroup>list("order by lower(name)").stream().map(this::view).toList();
    }

    @Transactional
    public GroupView get(UUID id) {
        return view(require(id));
    }

    @Transactional
    public GroupView create(GroupRequest request) {
        checkNameFree(request.name(), null);
        AccessGroup group = new AccessGroup();
        group.id = UUID.randomUUID();
        group.name = request.name().strip();
        group.description = blankToNull(request.description());
        group.createdAt = Instant.now();
        group.updatedAt = group.createdAt;
        group.persist();
        RightsVersion.bump();
        audit("group.created", null, Map.of("group", group.id.toString(), "name", group.name));
        return view(group);
    }

    @Transactional
    public GroupView rename(UUID id, GroupRequest request) {
        AccessGroup group = require(id);
        checkNameFree(request.name(), id);
        String before = group.name;
        group.name = request.name().strip();
        group.description = blankToNull(request.description());
        group.updatedAt = Instant.now();
        RightsVersion.bump();
        audit("group.updated", null, Map.of("group", id.toString(), "name", group.name, "previousName", before));
        return view(group);
    }

    /**
     * Deletes the group with its memberships. Refused while a site allows the group: removing it there first is a
     * deliberate change of who may enter that site, not a side effect of tidying up groups.
     */
    @Transactional
    public void delete(UUID id) {
        AccessGroup group = require(id);
        List<String> using = sitesUsing(id);
        if (!using.isEmpty()) {
            throw new ApiException(ProblemCode.GROUP_IN_USE, "The group '" + group.name + "' is allowed at "
                    + String.join(", ", using) + "; remove it from the rights of " + (using.size() == 1 ? "that site" : "those sites")
                    + " first.");
        }
        long memberships = GroupMembership.delete("groupId", id);
        group.delete();
        RightsVersion.bump();
        audit("group.deleted", null, Map.of("group", id.toString(), "name", group.name, "membershipsDeleted", Long.toString(memberships)));
    }

    @Transactional
    public List<MembershipView> members(UUID groupId) {
        AccessGroup group = require(groupId);
        List<GroupMembership> rows = GroupMembership.list("groupId", groupId);
        Map<UUID, SubjectRef> refs = new HashMap<>();
        rows.forEach(m -> subjects.findById(m.subjectId).ifPresent(s -> refs.put(s.id(), s)));
        Instant now = clock.now();
        return rows.stream().filter(m -> refs.containsKey(m.subjectId))
                .map(m -> view(m, group, refs.get(m.subjectId), now))
                .sorted(Comparator.comparing(v -> v.displayName() == null ? "" : v.displayName().toLowerCase()))
                .toList();
    }

    /** Adds the subject to the group, or changes the period of their membership. */
    @Transactional
    public MembershipView setMember(UUID groupId, UUID subjectId, MembershipRequest request) {
        AccessGroup group = require(groupId);
        SubjectRef subject = subjects.findById(subjectId).orElseThrow(() ->
                new ApiException(ProblemCode.SUBJECT_NOT_FOUND, "There is no subject " + subjectId + " in this tenant."));
        Instant from = request == null ? null : request.validFrom();
        Instant until = request == null ? null : request.validUntil();
        if (from != null && until != null && !from.isBefore(until)) {
            throw new ApiException(ProblemCode.MEMBERSHIP_INVALID, "validFrom (" + from + ") must come before validUntil ("
                    + until + ").", List.of(new io.consentry.core.problem.Problem.FieldError("validUntil", "must be after validFrom")));
        }
        Optional<GroupMembership> existing = GroupMembership.find("groupId = ?1 and subjectId = ?2", groupId, subjectId).firstResultOptional();
        GroupMembership m = existing.orElseGet(() -> {
            GroupMembership created = new GroupMembership();
            created.id = UUID.randomUUID();
            created.groupId = groupId;
            created.subjectId = subjectId;
            created.addedAt = Instant.now();
            return created;
        });
        m.validFrom = from;
        m.validUntil = until;
        if (existing.isEmpty()) {
            m.persist();
        }
        RightsVersion.bump();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("group", groupId.toString());
        details.put("groupName", group.name);
        details.put("validFrom", from == null ? "" : from.toString());
        details.put("validUntil", until == null ? "" : until.toString());
        audit(existing.isEmpty() ? "group.member.added" : "group.member.updated", subjectId, details);
        return view(m, group, subject, clock.now());
    }

    @Transactional
    public void removeMember(UUID groupId, UUID subjectId) {
        AccessGroup group = require(groupId);
        GroupMembership m = GroupMembership.<GroupMembership>find("groupId = ?1 and subjectId = ?2", groupId, subjectId)
                .firstResultOptional().orElseThrow(() -> new ApiException(ProblemCode.MEMBERSHIP_NOT_FOUND,
                        "Subject " + subjectId + " is not a member of '" + group.name + "'."));
        m.delete();
        RightsVersion.bump();
        audit("group.member.removed", subjectId, Map.of("group", groupId.toString(), "groupName", group.name));
    }

    /** The subject's groups, with each membership's period. */
    @Transactional
    public List<MembershipView> groupsOf(UUID subjectId) {
        SubjectRef subject = subjects.findById(subjectId).orElseThrow(() ->
                new ApiException(ProblemCode.SUBJECT_NOT_FOUND, "There is no subject " + subjectId + " in this tenant."));
        Instant now = clock.now();
        return GroupMembership.<GroupMembership>list("subjectId", subjectId).stream()
                .map(m -> view(m, AccessGroup.findById(m.groupId), subject, now))
                .sorted(Comparator.comparing(v -> v.groupName().toLowerCase()))
                .toList();
    }

    /** Part of erasing a subject: their memberships go (the caller audits the erasure). Returns how many. */
    @Transactional
    public long eraseSubject(UUID subjectId) {
        long deleted = GroupMembership.delete("subjectId", subjectId);
        if (deleted > 0) {
            RightsVersion.bump();
        }
        return deleted;
    }

    private List<String> sitesUsing(UUID groupId) {
        return SiteRight.<SiteRight>list("groupId", groupId).stream()
                .map(r -> sites.find(r.siteId).map(Sites.SiteRef::name).orElse(r.siteId.toString())).sorted().toList();
    }

    private GroupView view(AccessGroup g) {
        return new GroupView(g.id, g.name, g.description, GroupMembership.count("groupId", g.id), sitesUsing(g.id), g.createdAt,
                g.updatedAt);
    }

    private static MembershipView view(GroupMembership m, AccessGroup g, SubjectRef s, Instant now) {
        return new MembershipView(m.groupId, g == null ? "" : g.name, m.subjectId, s.externalRef(), s.displayName(), m.validFrom,
                m.validUntil, m.addedAt, m.validAt(now));
    }

    AccessGroup require(UUID id) {
        AccessGroup group = AccessGroup.findById(id);
        if (group == null) {
            throw new ApiException(ProblemCode.GROUP_NOT_FOUND, "There is no group " + id + " in this tenant.");
        }
        return group;
    }

    private void audit(String action, UUID subjectId, Map<String, String> details) {
        audit.append(new AuditEvent(Actor.user(caller.username()), action, subjectId == null ? null : subjectId.toString(), null,
                AuditOutcome.OK, details));
    }

    private static void checkNameFree(String name, UUID self) {
        Optional<AccessGroup> other = AccessGroup.find("lower(name) = ?1", name.strip().toLowerCase()).firstResultOptional();
        if (other.isPresent() && !other.get().id.equals(self)) {
            throw new ApiException(ProblemCode.GROUP_EXISTS, "A group named '" + name.strip() + "' already exists.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
