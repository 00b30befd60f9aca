/** The tenant's tamper-evident audit log (tenant-scoped persistence unit). */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.core.audit;

import io.quarkus.hibernate.orm.PersistenceUnit;
