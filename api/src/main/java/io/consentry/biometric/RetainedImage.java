package io.consentry.biometric;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An enrolment photo kept (encrypted, in the tenant bucket) because the subject granted IMAGE_RETENTION. */
@Entity
@Table(name = "retained_image")
public class RetainedImage extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Column(name = "template_id", nullable = false)
    public UUID templateId;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Column(name = "key_id", nullable = false)
    public long keyId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
