package io.consentry.accessrights;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.Problem;
import io.consentry.core.problem.ProblemCode;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Checks a site's rights before anything is written: every error is collected (field by field) and the whole request
 * is refused with {@code rights_invalid}, so nothing of a bad configuration is ever stored.
 */
final class RightsRules {

    static final int MAX_GROUPS = 100;
    static final int MAX_WINDOWS = 50;
    static final int MAX_EXCEPTIONS = 400;
    static final int MAX_NOTE = 200;

    private final List<Problem.FieldError> errors = new ArrayList<>();

    private RightsRules() {
    }

    /**
     * @param groupOfTenant whether a group id names a group of this tenant (another tenant's ids are unknown here, as
     *                      each tenant's groups live in its own schema)
     */
    static void check(SiteRightsRequest request, Predicate<UUID> groupOfTenant) {
        RightsRules rules = new RightsRules();
        rules.checkGroups(request.groups() == null ? List.of() : request.groups(), groupOfTenant);
        rules.checkExceptions(request.exceptions() == null ? List.of() : request.exceptions());
        if (!rules.errors.isEmpty()) {
            throw new ApiException(ProblemCode.RIGHTS_INVALID, rules.errors.get(0).message()
                    + (rules.errors.size() > 1 ? " (and " + (rules.errors.size() - 1) + " more: see errors)" : ""), rules.errors);
        }
    }

    private void checkGroups(List<GroupRight> groups, Predicate<UUID> groupOfTenant) {
        if (groups.size() > MAX_GROUPS) {
            error("groups", "At most " + MAX_GROUPS + " groups may be allowed at one site.");
            return;
        }
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            GroupRight right = groups.get(i);
            String field = "groups[" + i + "]";
            if (right == null || right.groupId() == null) {
                error(field + ".groupId", "Each allowed group needs groupId.");
                continue;
            }
            if (!seen.add(right.groupId())) {
                error(field + ".groupId", "Group " + right.groupId() + " is listed twice; give all its windows in one entry.");
            } else if (!groupOfTenant.test(right.groupId())) {
                error(field + ".groupId", "There is no group " + right.groupId() + " in this tenant.");
            }
            List<WeeklyWindow> weekly = right.weekly() == null ? List.of() : right.weekly();
            if (weekly.size() > MAX_WINDOWS) {
                error(field + ".weekly", "At most " + MAX_WINDOWS + " weekly windows per group.");
                continue;
            }
            List<int[]> byDay = new ArrayList<>(); // {day, start, end, index}
            for (int w = 0; w < weekly.size(); w++) {
                WeeklyWindow window = weekly.get(w);
                String wf = field + ".weekly[" + w + "]";
                if (window == null || window.days() == null || window.days().isEmpty() || window.from() == null || window.to() == null) {
                    error(wf, "Every weekly window needs days (at least one), from and to (HH:mm).");
                    continue;
                }
                if (!range(wf, window.from(), window.to())) {
                    continue;
                }
                for (DayOfWeek day : window.days()) {
                    if (day == null) {
                        error(wf + ".days", "days lists MONDAY to SUNDAY.");
                        continue;
                    }
                    byDay.add(new int[]{day.getValue(), TimeRange.startMinute(window.from()), TimeRange.endMinute(window.to()), w});
                }
            }
            overlaps(field + ".weekly", byDay);
        }
    }

    private void checkExceptions(List<DatedException> exceptions) {
        if (exceptions.size() > MAX_EXCEPTIONS) {
            error("exceptions", "At most " + MAX_EXCEPTIONS + " dated exceptions per site.");
            return;
        }
        Set<LocalDate> dates = new HashSet<>();
        for (int i = 0; i < exceptions.size(); i++) {
            DatedException e = exceptions.get(i);
            String field = "exceptions[" + i + "]";
            if (e == null || e.date() == null) {
                error(field + ".date", "Each exception needs a date (YYYY-MM-DD, in the site's time zone).");
                continue;
            }
            if (!dates.add(e.date())) {
                error(field + ".date", e.date() + " has two exceptions; give one per date.");
            }
            if (e.note() != null && e.note().length() > MAX_NOTE) {
                error(field + ".note", "The note has at most " + MAX_NOTE + " characters.");
            }
            List<TimeRange> hours = e.hours() == null ? List.of() : e.hours();
            boolean closed = Boolean.TRUE.equals(e.closed());
            if (closed && !hours.isEmpty()) {
                error(field + ".hours", "A date closed all day has no hours; either closed or hours, not both.");
                continue;
            }
            if (!closed && hours.isEmpty()) {
                error(field + ".hours", "A date that is not closed needs the hours that replace the weekly windows.");
                continue;
            }
            if (hours.size() > MAX_WINDOWS) {
                error(field + ".hours", "At most " + MAX_WINDOWS + " ranges per date.");
                continue;
            }
            List<int[]> ranges = new ArrayList<>();
            for (int h = 0; h < hours.size(); h++) {
                TimeRange r = hours.get(h);
                String hf = field + ".hours[" + h + "]";
                if (r == null || r.from() == null || r.to() == null) {
                    error(hf, "Each range needs from and to (HH:mm).");
                    continue;
                }
                if (range(hf, r.from(), r.to())) {
                    ranges.add(new int[]{0, TimeRange.startMinute(r.from()), TimeRange.endMinute(r.to()), h});
                }
            }
            overlaps(field + ".hours", ranges);
        }
    }

    /** A range within one day, whole minutes, ending after it starts (00:00 as the end is midnight). */
    private boolean range(String field, java.time.LocalTime from, java.time.LocalTime to) {
        if (from.getSecond() != 0 || from.getNano() != 0 || to.getSecond() != 0 || to.getNano() != 0) {
            error(field, "Times are whole minutes (HH:mm).");
            return false;
        }
        if (TimeRange.endMinute(to) <= TimeRange.startMinute(from)) {
            error(field, "The range " + from + "–" + to + " ends before it starts: a range that crosses midnight must be "
                    + "split in two (e.g. 22:00–00:00 on one day and 00:00–06:00 on the next).");
            return false;
        }
        return true;
    }

    /** Two ranges of the same day that overlap are refused: the configuration would say the same thing twice. */
    private void overlaps(String field, List<int[]> ranges) {
        ranges.sort(Comparator.<int[]>comparingInt(r -> r[0]).thenComparingInt(r -> r[1]));
        for (int i = 1; i < ranges.size(); i++) {
            int[] a = ranges.get(i - 1);
            int[] b = ranges.get(i);
            if (a[0] == b[0] && b[1] < a[2]) {
                String day = a[0] == 0 ? "" : " on " + DayOfWeek.of(a[0]);
                error(field, "Ranges " + (a[3] + 1) + " and " + (b[3] + 1) + " overlap" + day + "; merge them into one.");
                return;
            }
        }
    }

    private void error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }
}
