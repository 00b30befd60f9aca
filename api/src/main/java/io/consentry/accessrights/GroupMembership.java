package io.consentry.accessrights;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A subject in a group, from {@code validFrom} (inclusive) until {@code validUntil} (exclusive); null bounds are open. */
@Entity
@Table(name = "access_group_member")
public class GroupMembership extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "group_id", nullable = false)
    public UUID groupId;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Column(name = "valid_from")
    public Instant validFrom;

    @Column(name = "valid_until")
    public Instant validUntil;

    @Column(name = "added_at", nullable = false)
    public Instant addedAt;

    boolean validAt(Instant when) {
        return (validFrom == null || !when.isBefore(validFrom)) && (validUntil == null || when.isBefore(validUntil));
    }
}
