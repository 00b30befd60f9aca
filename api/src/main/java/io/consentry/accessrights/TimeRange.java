package io.consentry.accessrights;

import java.time.LocalTime;

/** Hours of one day, from (inclusive) to (exclusive); {@code to} of 00:00 is midnight at the end of the day. */
public record TimeRange(LocalTime from, LocalTime to) {

    boolean contains(LocalTime time) {
        return within(from, to, time);
    }

    static boolean within(LocalTime from, LocalTime to, LocalTime time) {
        return !time.isBefore(from) && (to.equals(LocalTime.MIDNIGHT) || time.isBefore(to));
    }

    /** Minutes since the day's start of the end, 1440 for midnight. */
    static int endMinute(LocalTime to) {
        return to.equals(LocalTime.MIDNIGHT) ? 24 * 60 : to.getHour() * 60 + to.getMinute();
    }

    static int startMinute(LocalTime from) {
        return from.getHour() * 60 + from.getMinute();
    }
}
