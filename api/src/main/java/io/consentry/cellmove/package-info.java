/**
 * Operator moves of a tenant to another cell: refuse the tenant's requests, copy its schema, bucket and realm to the
 * target cell, switch the registry over in one transaction, then remove everything of it from the old cell. Its own
 * table is {@code platform.tenant_move}; the copying itself is done by {@code io.consentry.tenants.move}.
 */
package io.consentry.cellmove;
