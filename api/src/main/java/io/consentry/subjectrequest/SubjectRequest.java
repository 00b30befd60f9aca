package io.consentry.subjectrequest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A data-subject request: access, correction or erasure, with its statutory deadline and the admin's answer. */
@Entity
@Table(name = "subject_request")
class SubjectRequest extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Whose data the request is about. */
    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    /** Who filed it: the subject, or the guardian of a minor (and who is told the answer). */
    @Column(name = "filed_by", nullable = false)
    public UUID filedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestType type;

    @Column
    public String details;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestStatus status;

    @Column(nullable = false)
    public String jurisdiction;

    @Column(name = "filed_at", nullable = false)
    public Instant filedAt;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Column
    public String answer;

    @Column(name = "answered_by")
    public String answeredBy;

    @Column(name = "answered_at")
    public Instant answeredAt;

    @Column(name = "overdue_alerted_at")
    public Instant overdueAlertedAt;

    boolean open() {
        return status == RequestStatus.OPEN || status == RequestStatus.IN_PROGRESS;
    }
}
