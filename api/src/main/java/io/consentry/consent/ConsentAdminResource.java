package io.consentry.consent;

import io.consentry.audit.Actor;
import io.consentry.biometric.OutboxWorker;
import io.consentry.biometric.TemplateVault;
import io.consentry.problem.ApiException;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.receipt.ReceiptKeys;
import io.consentry.security.CallerTenant;
import io.consentry.subject.Subjects;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Consent records for admins (read) and auditors, erasure, the receipt key and the storage outbox. */
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: consent")
public class ConsentAdminResource {

    @Inject
    ConsentLedger ledger;
    @Inject
    Subjects subjects;
    @Inject
    PurposeCatalog catalog;
    @Inject
    SubjectErasure erasure;
    @Inject
    ReceiptKeys receiptKeys;
    @Inject
    OutboxWorker outbox;
    @Inject
    TemplateVault vault;
    @Inject
    CallerTenant caller;
    @Inject
    io.consentry.biometric.KeyRotation rotation;

    public record SubjectConsents(UUID subjectId, List<ConsentLedger.Current> consents, long templates, long retainedImages) {
    }

    public record EventView(UUID id, UUID subjectId, String purpose, String event, String noticeHash, Instant occurredAt,
                            Instant expiresAt, String method, String channel, UUID receiptId) {
    }

    public record EventPage(List<EventView> items, int page, int size, long total) {
    }

    @GET
    @Path("subjects/{id}/consents")
    public SubjectConsents subjectConsents(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        subjects.require(id);
        return new SubjectConsents(id, ledger.current(id), vault.count(id), vault.retainedImages(id));
    }

    @GET
    @Path("subjects/{id}/templates")
    @Operation(summary = "The subject's templates as metadata: model pack, quality, time, whether a photo is kept, whether the configured pack made it")
    public List<io.consentry.biometric.TemplateVault.TemplateInfo> subjectTemplates(@PathParam("tenant") String tenant,
                                                                                  @PathParam("id") UUID id) {
        subjects.require(id);
        return vault.describe(id);
    }

    @DELETE
    @Path("subjects/{id}")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Erase a subject: biometric data, receipts and identity go; consent events stay as ids, hashes and times")
    public SubjectErasure.Report erase(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return erasure.erase(id, Actor.user(caller.username()));
    }

    @GET
    @Path("consent-events")
    @Transactional
    @Operation(summary = "The consent history, paginated; filter by purpose code, subject and time range (ISO-8601)")
    public EventPage events(@PathParam("tenant") String tenant, @QueryParam("purpose") String purpose,
                            @QueryParam("subject") UUID subject, @QueryParam("from") String from, @QueryParam("to") String to,
                            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        StringBuilder q = new StringBuilder("1=1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        java.util.Map<UUID, String> codes = new java.util.HashMap<>();
        catalog.list().forEach(p -> codes.put(p.id(), p.code()));
        if (purpose != null) {
            UUID pid = catalog.findByCode(purpose).map(p -> p.id).orElseThrow(() ->
                    ApiException.badRequest("unknown_purpose", "There is no purpose with the code '" + purpose + "'."));
            q.append(" and purposeId = :purpose");
            params.put("purpose", pid);
        }
        if (subject != null) {
            q.append(" and subjectId = :subject");
            params.put("subject", subject);
        }
        if (from != null) {
            q.append(" and occurredAt >= :from");
            params.put("from", time(from, "from"));
        }
        if (to != null) {
            q.append(" and occurredAt < :to");
            params.put("to", time(to, "to"));
        }
        var query = ConsentEvent.<ConsentEvent>find(q + " order by seq", params);
        long total = query.count();
        List<EventView> items = query.page(page, size).list().stream()
                .map(e -> new EventView(e.id, e.subjectId, codes.get(e.purposeId), e.event.name(), e.noticeHash.trim(),
                        e.occurredAt, e.expiresAt, e.method, e.channel, e.receiptId)).toList();
        return new EventPage(items, page, size, total);
    }

    @GET
    @Path("receipt-key")
    @Operation(summary = "The tenant's public receipt key (JWK and Tink public keyset)")
    public ReceiptKeys.PublicKey receiptKey(@PathParam("tenant") String tenant) {
        return receiptKeys.publicKey();
    }

    @GET
    @Path("storage-outbox")
    public OutboxWorker.RunResult outboxState(@PathParam("tenant") String tenant) {
        return new OutboxWorker.RunResult(0, 0, outbox.pending());
    }

    @POST
    @Path("storage-outbox/run")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Run the storage outbox now, ignoring back-off (e.g. after an S3 outage)")
    public OutboxWorker.RunResult runOutbox(@PathParam("tenant") String tenant) {
        return outbox.runCurrentTenant(true);
    }

    @POST
    @Path("keys/rotate")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Rotate the tenant keyset: new primary key, background re-encryption; reads keep working")
    public jakarta.ws.rs.core.Response rotate(@PathParam("tenant") String tenant) {
        return jakarta.ws.rs.core.Response.accepted(rotation.rotate(Actor.user(caller.username()))).build();
    }

    @GET
    @Path("keys/rotation")
    @Operation(summary = "Re-encryption progress: records per key, complete when all are on the primary key")
    public io.consentry.biometric.KeyRotation.Progress rotation(@PathParam("tenant") String tenant) {
        return rotation.progress();
    }

    private static Instant time(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("invalid_time", field + " must be an ISO-8601 instant, e.g. 2025-01-31T00:00:00Z.");
        }
    }
}
