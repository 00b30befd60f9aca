package io.consentry.accessrights;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * On these days from {@code from} (inclusive) to {@code to} (exclusive), in the site's time zone. {@code to} of 00:00
 * means midnight at the end of the day; a window that would cross midnight is refused (split it in two).
 */
public record WeeklyWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    boolean contains(DayOfWeek day, LocalTime time) {
        return days.contains(day) && TimeRange.within(from, to, time);
    }
}
