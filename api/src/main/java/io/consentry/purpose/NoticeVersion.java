package io.consentry.purpose;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One published notice text of a purpose. Immutable (also enforced by a database trigger). */
@Entity
@Immutable
@Table(name = "notice_version")
public class NoticeVersion extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "purpose_id", nullable = false)
    public UUID purposeId;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String language;

    @Column(nullable = false)
    public String text;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    /** The structured notice as canonical JSON (its SHA-256 is {@link #contentHash}); null for versions published before. */
    public String content;

    /** Grants given to an earlier version no longer cover the purpose once this version is published. */
    @Column(nullable = false)
    public boolean material;

    public static Optional<NoticeVersion> current(UUID purposeId) {
        return find("purposeId = ?1 order by version desc", purposeId).firstResultOptional();
    }
}
