/**
 * Mail to data subjects through the tenant's mail outbox: queued in the deciding transaction (encrypted with the tenant
 * keyset), sent over SMTP (Quarkus Mailer) after commit and retried until the server accepts it.
 */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.core.mail;

import io.quarkus.hibernate.orm.PersistenceUnit;
