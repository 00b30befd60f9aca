/**
 * Usage metering: per tenant and day, the decisions (1:1, 1:N, alternatives), enrolments, stored templates and
 * object-store bytes, recorded in the platform table {@code usage_day} for the operator; and the Prometheus metrics
 * labelled by tenant. Counts are asked of their owners: the audit log (decisions, enrolments), the biometric vault
 * (templates), the tenant's bucket (bytes).
 */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.usage;

import io.quarkus.hibernate.orm.PersistenceUnit;
