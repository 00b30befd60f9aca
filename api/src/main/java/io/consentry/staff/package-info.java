/**
 * A tenant's staff (admins, guards, auditors): invited by e-mail with a one-time setup link, listed, disabled and
 * re-enabled, every change audited; the tokens of a disabled member are refused at once. Accounts live in the tenant's
 * Keycloak realm; this package keeps the setup links (tenant schema) and the revocations (platform schema).
 */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.staff;

import io.quarkus.hibernate.orm.PersistenceUnit;
