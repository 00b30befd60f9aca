package io.consentry.usage;

import java.time.LocalDate;

/**
 * One tenant's usage on one day (UTC): the row of {@code GET /api/v1/platform/usage}.
 *
 * @param verifications        1:1 face decisions (GRANTED, DENIED or FALLBACK_REQUIRED)
 * @param identifications      1:N face decisions
 * @param alternativeDecisions PIN, QR, card and guard decisions
 * @param enrolments           faces enrolled or replaced
 * @param storedTemplates      templates held when the row was recorded
 * @param objectStoreBytes     bytes in the tenant's bucket when the row was recorded
 */
public record TenantUsage(String tenant, LocalDate day, long verifications, long identifications, long alternativeDecisions,
                          long enrolments, long storedTemplates, long objectStoreBytes) {
}
