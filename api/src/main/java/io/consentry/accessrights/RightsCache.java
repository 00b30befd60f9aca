package io.consentry.accessrights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled rights per (tenant, site), reused while the tenant's {@link RightsVersion} is unchanged and the site's time
 * zone is the same. The version is read from the database at each use (one indexed row), so a change committed on any
 * replica is seen by the next decision everywhere, without a notification channel. Must be called in a transaction of
 * the tenant.
 */
@ApplicationScoped
class RightsCache {

    private record Key(UUID tenantId, UUID siteId) {
    }

    private record Entry(long version, ZoneId zone, CompiledRights rights) {
    }

    static final TypeReference<List<WeeklyWindow>> WEEKLY = new TypeReference<>() {
    };
    static final TypeReference<List<TimeRange>> HOURS = new TypeReference<>() {
    };

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final ObjectMapper json;

    RightsCache(ObjectMapper json) {
        this.json = json;
    }

    CompiledRights get(UUID tenantId, UUID siteId, ZoneId zone) {
        long version = RightsVersion.current();
        Key key = new Key(tenantId, siteId);
        Entry entry = entries.get(key);
        if (entry != null && entry.version == version && entry.zone.equals(zone)) {
            return entry.rights;
        }
        CompiledRights rights = load(siteId, zone);
        entries.put(key, new Entry(version, zone, rights));
        return rights;
    }

    /** Sites of other versions are dropped lazily; this forgets a tenant's entries at once (e.g. after a big change). */
    void forget(UUID tenantId) {
        entries.keySet().removeIf(k -> k.tenantId().equals(tenantId));
    }

    private CompiledRights load(UUID siteId, ZoneId zone) {
        Map<UUID, List<WeeklyWindow>> weekly = new HashMap<>();
        for (SiteRight right : SiteRight.<SiteRight>list("siteId", siteId)) {
            weekly.put(right.groupId, readWeekly(right.weekly));
        }
        Map<LocalDate, DatedException> exceptions = new HashMap<>();
        List<GroupMembership> memberships = List.of();
        if (!weekly.isEmpty()) {
            for (SiteException e : SiteException.<SiteException>list("siteId", siteId)) {
                exceptions.put(e.day, toView(e));
            }
            memberships = GroupMembership.list("groupId in ?1", List.copyOf(weekly.keySet()));
        }
        return new CompiledRights(zone, weekly, exceptions, memberships);
    }

    List<WeeklyWindow> readWeekly(String stored) {
        try {
            return List.copyOf(json.readValue(stored, WEEKLY));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored weekly windows are not readable", e);
        }
    }

    DatedException toView(SiteException e) {
        try {
            return new DatedException(e.day, e.closed, List.copyOf(json.readValue(e.hours, HOURS)), e.note);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Stored exception hours are not readable", ex);
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
