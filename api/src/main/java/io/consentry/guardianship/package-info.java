/** Tenant-scoped data: the default persistence unit, whose schema is chosen per request. */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.guardianship;

import io.quarkus.hibernate.orm.PersistenceUnit;
