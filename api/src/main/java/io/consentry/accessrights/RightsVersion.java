package io.consentry.accessrights;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The tenant's one counter of rights changes. Every change bumps it in its own transaction; a replica's cached rights
 * are valid while the counter still reads the version they were built at.
 */
@Entity
@Table(name = "access_rights_version")
public class RightsVersion extends PanacheEntityBase {

    @Id
    public Short id;

    @Column(nullable = false)
    public long version;

    /** The current version, read from the database (not from the session's cache). */
    static long current() {
        Object v = getEntityManager().createNativeQuery("SELECT version FROM access_rights_version WHERE id = 1").getSingleResult();
        return ((Number) v).longValue();
    }

    /** Called by every change, inside its transaction. */
    static void bump() {
        getEntityManager().createNativeQuery("UPDATE access_rights_version SET version = version + 1 WHERE id = 1").executeUpdate();
    }
}
