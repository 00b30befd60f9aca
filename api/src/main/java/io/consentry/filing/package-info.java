/**
 * The filing threshold: how many people's face data each tenant holds, and the alert when a tenant crosses the number
 * at which the holder must file with the authority (CAC face-recognition security measures, 2025: 100,000 people).
 */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.filing;

import io.quarkus.hibernate.orm.PersistenceUnit;
