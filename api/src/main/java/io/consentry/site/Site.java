package io.consentry.site;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A place with an entrance: a gate, a lobby, a branch. Devices and a policy hang off it. */
@Entity
@Table(name = "site")
public class Site extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(length = 1000)
    public String description;

    /** Opening hours of the site's policy are read in this zone. */
    @Column(name = "time_zone", nullable = false, length = 64)
    public String timeZone;

    /** A private-space category forbids face methods (see {@link SiteCategory}). */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    public SiteCategory category;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
