package io.consentry.accessrights;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One site's rights, ready to answer "may this subject enter now?" and "who may enter now?" without the database. Built
 * from one version of the tenant's rights (see {@link RightsCache}); immutable apart from the cached answer to the
 * second question, which holds until the next window edge, midnight or membership bound, whichever comes first.
 */
final class CompiledRights {

    /** A membership in one of the site's groups, bounds as epoch milliseconds (open bounds at the extremes). */
    record Membership(UUID groupId, long from, long until) {
        boolean validAt(long at) {
            return from <= at && at < until;
        }
    }

    private record Snapshot(long from, long until, Set<UUID> allowed) {
    }

    private final ZoneId zone;
    private final Map<UUID, List<WeeklyWindow>> weeklyByGroup;
    private final Map<LocalDate, DatedException> exceptions;
    private final Map<UUID, Membership[]> bySubject;
    /** Every membership bound, sorted: the allowed set can only change at one of these or at a minute boundary. */
    private final long[] boundaries;
    private volatile Snapshot snapshot;

    CompiledRights(ZoneId zone, Map<UUID, List<WeeklyWindow>> weeklyByGroup, Map<LocalDate, DatedException> exceptions,
                   List<GroupMembership> memberships) {
        this.zone = zone;
        this.weeklyByGroup = Map.copyOf(weeklyByGroup);
        this.exceptions = Map.copyOf(exceptions);
        Map<UUID, List<Membership>> grouped = new HashMap<>();
        long[] bounds = new long[memberships.size() * 2];
        int n = 0;
        for (GroupMembership m : memberships) {
            if (!weeklyByGroup.containsKey(m.groupId)) {
                continue;
            }
            long from = m.validFrom == null ? Long.MIN_VALUE : m.validFrom.toEpochMilli();
            long until = m.validUntil == null ? Long.MAX_VALUE : m.validUntil.toEpochMilli();
            grouped.computeIfAbsent(m.subjectId, s -> new ArrayList<>(1)).add(new Membership(m.groupId, from, until));
            if (m.validFrom != null) {
                bounds[n++] = from;
            }
            if (m.validUntil != null) {
                bounds[n++] = until;
            }
        }
        Map<UUID, Membership[]> bySubject = new HashMap<>(grouped.size() * 2);
        grouped.forEach((subject, list) -> bySubject.put(subject, list.toArray(Membership[]::new)));
        this.bySubject = bySubject;
        this.boundaries = Arrays.copyOf(bounds, n);
        Arrays.sort(this.boundaries);
    }

    boolean restricted() {
        return !weeklyByGroup.isEmpty();
    }

    ZoneId zone() {
        return zone;
    }

    Verdict verdict(UUID subjectId, Instant now) {
        if (!restricted()) {
            return Verdict.OPEN;
        }
        Membership[] memberships = subjectId == null ? null : bySubject.get(subjectId);
        if (memberships == null) {
            return Verdict.NOT_AUTHORISED_HERE;
        }
        long at = now.toEpochMilli();
        ZonedDateTime local = now.atZone(zone);
        boolean member = false;
        for (Membership m : memberships) {
            if (m.validAt(at)) {
                member = true;
                if (groupOpen(m.groupId(), local.toLocalDate(), local.getDayOfWeek(), local.toLocalTime())) {
                    return Verdict.ALLOWED;
                }
            }
        }
        return member ? Verdict.OUTSIDE_SCHEDULE : Verdict.NOT_AUTHORISED_HERE;
    }

    /** Who may enter now (only meaningful when {@link #restricted()}); the same set object until it can change. */
    Set<UUID> allowedAt(Instant now) {
        long at = now.toEpochMilli();
        Snapshot s = snapshot;
        if (s != null && s.from <= at && at < s.until) {
            return s.allowed;
        }
        s = compute(now, at);
        snapshot = s;
        return s.allowed;
    }

    private Snapshot compute(Instant now, long at) {
        ZonedDateTime local = now.atZone(zone);
        Set<UUID> openGroups = new HashSet<>();
        for (UUID group : weeklyByGroup.keySet()) {
            if (groupOpen(group, local.toLocalDate(), local.getDayOfWeek(), local.toLocalTime())) {
                openGroups.add(group);
            }
        }
        Set<UUID> allowed = new HashSet<>();
        if (!openGroups.isEmpty()) {
            bySubject.forEach((subject, memberships) -> {
                for (Membership m : memberships) {
                    if (m.validAt(at) && openGroups.contains(m.groupId())) {
                        allowed.add(subject);
                        return;
                    }
                }
            });
        }
        // The answer holds until the next edge of a window (or midnight, when another day's windows or exception
        // begin) and the next membership bound, whichever comes first; and from the last of those before now.
        long from = Math.floorDiv(at, 60_000L) * 60_000L;
        long until = nextScheduleEdge(local);
        if (until <= at) {
            until = from + 60_000L;
        }
        int index = firstBoundaryAfter(at);
        if (index < boundaries.length) {
            until = Math.min(until, boundaries[index]);
        }
        if (index > 0) {
            from = Math.max(from, boundaries[index - 1]);
        }
        return new Snapshot(from, until, Collections.unmodifiableSet(allowed));
    }

    /** Epoch millis of the next minute of today (site time) at which a group opens or closes, else the next midnight. */
    private long nextScheduleEdge(ZonedDateTime local) {
        LocalDate date = local.toLocalDate();
        int minute = local.getHour() * 60 + local.getMinute();
        int next = 24 * 60;
        DatedException exception = exceptions.get(date);
        if (exception != null) {
            if (!Boolean.TRUE.equals(exception.closed())) {
                for (TimeRange r : exception.hours()) {
                    next = earlierEdge(next, minute, TimeRange.startMinute(r.from()), TimeRange.endMinute(r.to()));
                }
            }
        } else {
            DayOfWeek day = local.getDayOfWeek();
            for (List<WeeklyWindow> weekly : weeklyByGroup.values()) {
                for (WeeklyWindow w : weekly) {
                    if (w.days().contains(day)) {
                        next = earlierEdge(next, minute, TimeRange.startMinute(w.from()), TimeRange.endMinute(w.to()));
                    }
                }
            }
        }
        ZonedDateTime edge = next >= 24 * 60 ? date.plusDays(1).atStartOfDay(zone)
                : date.atTime(next / 60, next % 60).atZone(zone);
        return edge.toInstant().toEpochMilli();
    }

    private static int earlierEdge(int next, int minute, int start, int end) {
        if (start > minute) {
            next = Math.min(next, start);
        }
        if (end > minute) {
            next = Math.min(next, end);
        }
        return next;
    }

    private int firstBoundaryAfter(long at) {
        int low = 0;
        int high = boundaries.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (boundaries[mid] <= at) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Whether the group may enter at this local time: the date's exception if there is one, else its weekly windows. */
    boolean groupOpen(UUID group, LocalDate date, DayOfWeek day, LocalTime time) {
        DatedException exception = exceptions.get(date);
        if (exception != null) {
            if (Boolean.TRUE.equals(exception.closed())) {
                return false;
            }
            for (TimeRange range : exception.hours()) {
                if (range.contains(time)) {
                    return true;
                }
            }
            return false;
        }
        List<WeeklyWindow> weekly = weeklyByGroup.get(group);
        if (weekly == null) {
            return false;
        }
        if (weekly.isEmpty()) {
            return true;
        }
        for (WeeklyWindow window : weekly) {
            if (window.contains(day, time)) {
                return true;
            }
        }
        return false;
    }
}
