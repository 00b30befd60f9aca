/**
 * Data-subject export: everything the tenant holds about one subject, as one JSON package the subject (or an admin
 * handling a request made offline) can download. Tenant-scoped data: the default persistence unit.
 */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.dataexport;

import io.quarkus.hibernate.orm.PersistenceUnit;
