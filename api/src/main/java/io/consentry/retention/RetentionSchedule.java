package io.consentry.retention;

import io.consentry.purpose.WithinRetentionCap;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The platform's retention schedule, as configured: the cap on any purpose's retention and the inactivity period after
 * which face data is deleted. Public pages, the report and the sweep state the same numbers.
 */
@ApplicationScoped
public class RetentionSchedule {

    private final int inactiveAfterDays;

    RetentionSchedule(@ConfigProperty(name = "consentry.retention.inactive-after-days", defaultValue = "1095") int inactiveAfterDays) {
        if (inactiveAfterDays < 1) {
            throw new IllegalStateException("consentry.retention.inactive-after-days must be at least 1");
        }
        this.inactiveAfterDays = inactiveAfterDays;
    }

    /** No purpose keeps face data longer than this (days). */
    public int maxDays() {
        return WithinRetentionCap.RetentionCap.maxDays();
    }

    /** Face data not used (enrolled or let in by face) for this many days is deleted. */
    public int inactiveAfterDays() {
        return inactiveAfterDays;
    }

    public record View(int maxRetentionDays, int inactiveAfterDays) {
    }

    public View view() {
        return new View(maxDays(), inactiveAfterDays);
    }
}
