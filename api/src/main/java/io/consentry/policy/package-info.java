/** Tenant-scoped data: the default persistence unit, whose schema is chosen per request. */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.policy;

import io.quarkus.hibernate.orm.PersistenceUnit;
