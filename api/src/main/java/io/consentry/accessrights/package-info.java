/**
 * Access rights: groups of subjects, their memberships (optionally for a period) and, per site, the groups that may
 * enter and when. {@link io.consentry.accessrights.SiteRights} is the facade the decisions ask; {@link
 * io.consentry.accessrights.Groups} is the admins' side. Tenant-scoped data: the default persistence unit.
 */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.accessrights;

import io.quarkus.hibernate.orm.PersistenceUnit;
