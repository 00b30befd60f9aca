/**
 * Signed webhooks: per-tenant subscriptions, a transactional outbox filled from the audit trail, a delivery worker
 * (HMAC-SHA-256 signed CloudEvents, retries with back-off, dead letters) and the routes to read and replay deliveries.
 * Tenant-scoped data: the default persistence unit, whose schema is chosen per request.
 */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.webhook;

import io.quarkus.hibernate.orm.PersistenceUnit;
