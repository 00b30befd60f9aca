package io.consentry.core.audit;

/**
 * An audit entry was appended (CDI event, fired inside the appending transaction; observe it after success to count
 * committed entries only). Carries no subject, purpose or details: only what a counter may be labelled with.
 *
 * @param tenant the tenant's slug, or null for an entry written without a tenant
 */
public record AuditAppended(String tenant, String action, String outcome) {
}
