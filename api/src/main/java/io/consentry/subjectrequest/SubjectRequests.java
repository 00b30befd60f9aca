package io.consentry.subjectrequest;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.mail.MailAddresses;
import io.consentry.core.mail.MailMessage;
import io.consentry.core.mail.MailOutbox;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.erasure.SubjectErasure;
import io.consentry.subject.SubjectDirectory;
import io.consentry.subject.SubjectRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Data-subject requests: filed from the portal (by the subject, or by a minor's guardian), each due within the
 * statutory days of the jurisdiction; queued for the tenant's admins, who take, answer or reject them. The answer is
 * mailed to whoever filed and shown in their portal. Accepting an ERASURE request runs the one erasure there is
 * ({@link SubjectErasure}). Every status change is audited.
 */
@ApplicationScoped
public class SubjectRequests {

    private final RequestDeadlines deadlines;
    private final SubjectDirectory subjects;
    private final SubjectErasure erasure;
    private final MailOutbox mail;
    private final AuditTrail audit;
    private final CallerTenant caller;

    SubjectRequests(RequestDeadlines deadlines, SubjectDirectory subjects, SubjectErasure erasure, MailOutbox mail,
                    AuditTrail audit, CallerTenant caller) {
        this.deadlines = deadlines;
        this.subjects = subjects;
        this.erasure = erasure;
        this.mail = mail;
        this.audit = audit;
        this.caller = caller;
    }

    /**
     * A request as its filer and the admins see it.
     *
     * @param overdue   still open after its due date (or the overdue check flagged it)
     * @param byGuardian filed by a guardian on the subject's behalf
     */
    public record View(UUID id, UUID subjectId, String subjectName, RequestType type, String details, RequestStatus status,
                       String jurisdiction, Instant filedAt, Instant dueAt, boolean overdue, boolean byGuardian, String answer,
                       String answeredBy, Instant answeredAt) {
    }

    /** The admin's queue: one page, and how many open requests are overdue in all. */
    public record Queue(List<View> items, long open, long overdue) {
    }

    @Transactional
    public View file(UUID subjectId, UUID filedBy, RequestType type, String details) {
        if (type == RequestType.CORRECTION && (details == null || details.isBlank())) {
            throw new ApiException(ProblemCode.REQUEST_DETAILS_REQUIRED, "Say what is wrong and what it should be.");
        }
        SubjectRequest r = new SubjectRequest();
        r.id = UUID.randomUUID();
        r.subjectId = subjectId;
        r.filedBy = filedBy;
        r.type = type;
        r.details = details == null || details.isBlank() ? null : details.strip();
        r.status = RequestStatus.OPEN;
        r.jurisdiction = deadlines.jurisdiction();
        r.filedAt = Instant.now();
        r.dueAt = deadlines.dueAt(r.filedAt, r.jurisdiction);
        r.persist();
        Map<String, String> details2 = new LinkedHashMap<>();
        details2.put("requestId", r.id.toString());
        details2.put("type", type.name());
        details2.put("dueAt", r.dueAt.toString());
        details2.put("jurisdiction", r.jurisdiction);
        if (!filedBy.equals(subjectId)) {
            details2.put("filedByGuardian", filedBy.toString());
        }
        audit.append(new AuditEvent(Actor.subject(filedBy.toString()), "request.filed", subjectId.toString(), null, AuditOutcome.OK, details2));
        return view(r, Instant.now());
    }

    /** The requests about {@code subjectId}, newest first (what the subject or their guardian sees). */
    @Transactional
    public List<View> ofSubject(UUID subjectId) {
        List<SubjectRequest> rows = SubjectRequest.list("subjectId = ?1 order by filedAt desc", subjectId);
        Instant now = Instant.now();
        return rows.stream().map(r -> view(r, now)).toList();
    }

    /** One request about {@code subjectId}; 404 for another subject's request. */
    @Transactional
    public View ofSubject(UUID subjectId, UUID requestId) {
        SubjectRequest r = SubjectRequest.findById(requestId);
        if (r == null || !r.subjectId.equals(subjectId)) {
            throw new ApiException(ProblemCode.REQUEST_NOT_FOUND, "There is no such request of yours.");
        }
        return view(r, Instant.now());
    }

    /** The admin's queue, optionally one status or only the overdue ones, due date first. */
    @Transactional
    public Queue queue(RequestStatus status, boolean overdueOnly, int page, int size) {
        Instant now = Instant.now();
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (status != null) {
            where.append(" and status = :status");
            params.put("status", status);
        }
        if (overdueOnly) {
            where.append(" and status in (:open) and (dueAt < :now or overdueAlertedAt is not null)");
            params.put("open", List.of(RequestStatus.OPEN, RequestStatus.IN_PROGRESS));
            params.put("now", now);
        }
        List<SubjectRequest> rows = SubjectRequest.<SubjectRequest>find(where + " order by dueAt, filedAt", params).page(page, size).list();
        long open = SubjectRequest.count("status in ?1", List.of(RequestStatus.OPEN, RequestStatus.IN_PROGRESS));
        long overdue = SubjectRequest.count("status in ?1 and (dueAt < ?2 or overdueAlertedAt is not null)",
                List.of(RequestStatus.OPEN, RequestStatus.IN_PROGRESS), now);
        return new Queue(rows.stream().map(r -> view(r, now)).toList(), open, overdue);
    }

    @Transactional
    public View get(UUID id) {
        return view(require(id, false), Instant.now());
    }

    /** An admin takes the request: OPEN → IN_PROGRESS. */
    @Transactional
    public View start(UUID id, Actor by) {
        SubjectRequest r = requireOpen(id);
        if (r.status == RequestStatus.OPEN) {
            r.status = RequestStatus.IN_PROGRESS;
            auditStatus(r, by, Map.of());
        }
        return view(r, Instant.now());
    }

    /**
     * An admin answers: the answer is mailed to whoever filed and shown in their portal. For an ERASURE request the
     * answer is the acceptance: the subject is erased (by the one erasure there is) in the same transaction, after the
     * mail to their address was queued (erasure blanks the address).
     */
    @Transactional
    public View answer(UUID id, String text, Actor by) {
        SubjectRequest r = requireOpen(id);
        close(r, RequestStatus.ANSWERED, text, by);
        if (r.type == RequestType.ERASURE) {
            // The request's own free text may name the person: it goes with them.
            r.details = null;
            SubjectErasure.Report report = erasure.erase(r.subjectId, by);
            audit.append(new AuditEvent(by, "request.erasure-executed", r.subjectId.toString(), null, AuditOutcome.OK,
                    Map.of("requestId", r.id.toString(), "consentsEnded", Integer.toString(report.consentsEnded()))));
        }
        return view(r, Instant.now());
    }

    /** An admin refuses, with reasons (e.g. the person could not be identified); the filer is told why. */
    @Transactional
    public View reject(UUID id, String text, Actor by) {
        SubjectRequest r = requireOpen(id);
        close(r, RequestStatus.REJECTED, text, by);
        return view(r, Instant.now());
    }

    /**
     * Flags, once, every open request of the current tenant whose due date passed by {@code now}: an audit entry each
     * (the admins' queue and the dashboard count show them). Returns how many were flagged.
     */
    @Transactional
    public int flagOverdue(Instant now) {
        List<SubjectRequest> due = SubjectRequest.<SubjectRequest>find("status in ?1 and dueAt < ?2 and overdueAlertedAt is null",
                List.of(RequestStatus.OPEN, RequestStatus.IN_PROGRESS), now).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        for (SubjectRequest r : due) {
            r.overdueAlertedAt = now;
            audit.append(new AuditEvent(Actor.system("request-deadlines"), "request.overdue", r.subjectId.toString(), null,
                    AuditOutcome.OK, Map.of("requestId", r.id.toString(), "type", r.type.name(), "dueAt", r.dueAt.toString())));
        }
        return due.size();
    }

    private void close(SubjectRequest r, RequestStatus status, String text, Actor by) {
        r.status = status;
        r.answer = text.strip();
        r.answeredBy = by.id();
        r.answeredAt = Instant.now();
        String sentTo = subjects.contactOf(r.filedBy).map(c -> {
            mail.queue(answerMail(c.address(), r), "request-answer");
            return MailAddresses.mask(c.address());
        }).orElse("none");
        auditStatus(r, by, Map.of("answerTo", sentTo));
    }

    private void auditStatus(SubjectRequest r, Actor by, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("requestId", r.id.toString());
        details.put("type", r.type.name());
        details.put("status", r.status.name());
        details.putAll(extra);
        audit.append(new AuditEvent(by, "request." + r.status.name().toLowerCase().replace('_', '-'), r.subjectId.toString(), null,
                AuditOutcome.OK, details));
    }

    private SubjectRequest requireOpen(UUID id) {
        SubjectRequest r = require(id, true);
        if (!r.open()) {
            throw new ApiException(ProblemCode.REQUEST_CLOSED, "This request was already " + r.status.name().toLowerCase() + ".");
        }
        return r;
    }

    private static SubjectRequest require(UUID id, boolean lock) {
        var query = SubjectRequest.<SubjectRequest>find("id", id);
        if (lock) {
            query.withLock(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.firstResultOptional().orElseThrow(() ->
                new ApiException(ProblemCode.REQUEST_NOT_FOUND, "There is no such request in this tenant."));
    }

    private View view(SubjectRequest r, Instant now) {
        String name = subjects.findById(r.subjectId).map(SubjectRef::displayName).orElse(null);
        boolean overdue = r.open() && (r.dueAt.isBefore(now) || r.overdueAlertedAt != null);
        return new View(r.id, r.subjectId, name, r.type, r.details, r.status, r.jurisdiction, r.filedAt, r.dueAt, overdue,
                !r.filedBy.equals(r.subjectId), r.answer, r.answeredBy, r.answeredAt);
    }

    private MailMessage answerMail(String to, SubjectRequest r) {
        String tenant = caller.require().displayName;
        String kind = switch (r.type) {
            case ACCESS -> "access to your data / 查阅您的个人信息";
            case CORRECTION -> "correction of your data / 更正您的个人信息";
            case ERASURE -> "erasure of your data / 删除您的个人信息";
        };
        String outcome = r.status == RequestStatus.ANSWERED ? "answered / 已答复" : "refused / 已拒绝";
        String text = """
                %s has %s your request for %s, filed on %s.

                %s

                You can also read this answer in your consent portal. 您也可以在同意门户中查看此答复。
                """.formatted(tenant, r.status == RequestStatus.ANSWERED ? "answered" : "refused", kind, r.filedAt, r.answer);
        return new MailMessage(to, "Your request: " + outcome + " - " + tenant, text, List.of());
    }
}
