package io.consentry.accessrights;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.util.UUID;

/** A dated exception of a site's rights: closed all day, or other hours that replace every group's windows that day. */
@Entity
@Table(name = "site_access_exception")
public class SiteException extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "site_id", nullable = false)
    public UUID siteId;

    @Column(nullable = false)
    public LocalDate day;

    @Column(nullable = false)
    public boolean closed;

    /** JSON list of {from, to}; empty when closed. */
    @Column(nullable = false)
    public String hours;

    @Column(length = 200)
    public String note;
}
