package io.consentry.filing;

import java.time.Instant;

/**
 * Where a tenant stands against the filing threshold.
 *
 * @param people    distinct people whose face data (templates, retained photos) the tenant holds now
 * @param crossed   the tenant is at or above the threshold: it must file with the authority
 * @param crossedAt when the check recorded the current crossing (null when not crossed, or not yet recorded)
 */
public record FilingStatus(String tenant, String displayName, long people, long threshold, boolean crossed, Instant crossedAt) {
}
