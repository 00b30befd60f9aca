/**
 * The tenant's data controller as notices and receipts name it: legal name, address, e-mail, phone, privacy policy and
 * jurisdiction. Tenant-scoped data (the default persistence unit).
 */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package io.consentry.controller;

import io.quarkus.hibernate.orm.PersistenceUnit;
