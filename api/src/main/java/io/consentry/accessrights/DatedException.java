package io.consentry.accessrights;

import java.time.LocalDate;
import java.util.List;

/**
 * A date of the site's calendar (its time zone) on which the weekly windows do not apply: {@code closed} all day for
 * every group, or open only during {@code hours} for every group allowed at the site.
 */
public record DatedException(LocalDate date, Boolean closed, List<TimeRange> hours, String note) {
}
