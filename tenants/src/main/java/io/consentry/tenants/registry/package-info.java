/** The tenant registry lives in the platform schema, in its own persistence unit. */
@PersistenceUnit("platform")
package io.consentry.tenants.registry;

import io.quarkus.hibernate.orm.PersistenceUnit;
