package io.consentry.policy;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/** The site is open on these days from {@code from} (inclusive) to {@code to} (exclusive), in the site's time zone. */
public record OpeningWindow(@NotEmpty Set<DayOfWeek> days, @NotNull LocalTime from, @NotNull LocalTime to) {

    boolean contains(DayOfWeek day, LocalTime time) {
        return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
    }
}
