package io.consentry.core.audit;

import io.consentry.core.problem.ProblemCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
import io.quarkus.panache.common.Parameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reading and checking the tenant's audit log: admins and auditors. */
@Path("/api/v1/tenants/{tenant}/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Audit")
public class AuditResource {

    private static final int MAX_PAGE_SIZE = 500;

    private final AuditVerifier verifier;
    private final AuditTrail trail;
    private final CallerTenant caller;
    private final ObjectMapper json;
    private final AuditCheckpoints checkpoints;
    private final io.consentry.tenants.keyring.PlatformKeys platformKeys;

    AuditResource(AuditVerifier verifier, AuditTrail trail, CallerTenant caller, ObjectMapper json, AuditCheckpoints checkpoints,
                  io.consentry.tenants.keyring.PlatformKeys platformKeys) {
        this.verifier = verifier;
        this.trail = trail;
        this.caller = caller;
        this.json = json;
        this.checkpoints = checkpoints;
        this.platformKeys = platformKeys;
    }

    @POST
    @Path("checkpoints")
    @Operation(summary = "Checkpoint the chain head now: signed with the platform key, kept in the database and the object store")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "The checkpoint of the current head",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = CheckpointView.class)))
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "204", description = "The log is empty: nothing to anchor")
    public jakarta.ws.rs.core.Response checkpoint(@PathParam("tenant") String tenant) {
        return checkpoints.checkpoint()
                .map(view -> jakarta.ws.rs.core.Response.status(201).entity(view).build())
                .orElseGet(() -> jakarta.ws.rs.core.Response.noContent().build());
    }

    @GET
    @Path("checkpoints/latest")
    @Operation(summary = "The latest checkpoint of the chain")
    public CheckpointView latestCheckpoint(@PathParam("tenant") String tenant) {
        return checkpoints.latest().orElseThrow(() -> new ApiException(ProblemCode.NOT_FOUND, "The audit log has no checkpoint yet."));
    }

    @GET
    @Path("checkpoint-key")
    @Operation(summary = "The platform's public key that signs audit checkpoints (Tink public keyset and key id)")
    public CheckpointKey checkpointKey(@PathParam("tenant") String tenant) {
        var half = platformKeys.checkpointPublicKey();
        return new CheckpointKey(half.tinkPublicKeyset(), half.keyId());
    }

    /** The checkpoint signing key's public half: verify a checkpoint's signature over its decoded payload with it. */
    public record CheckpointKey(String tinkPublicKeyset, long keyId) {
    }

    @GET
    @Transactional
    @Operation(summary = "Audit entries, newest first, filtered and paginated")
    public AuditPage list(@PathParam("tenant") String tenant,
                          @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("action") String action, @QueryParam("actorId") String actorId,
                          @QueryParam("subjectRef") String subjectRef, @QueryParam("purpose") String purpose,
                          @QueryParam("outcome") String outcome,
                          @QueryParam("page") @DefaultValue("0") int page,
                          @QueryParam("size") @DefaultValue("50") int size) {
        io.consentry.core.persistence.Paging.check(page, size, MAX_PAGE_SIZE);
        Parameters parameters = new Parameters();
        String where = new AuditQuery(from, to, action, actorId, subjectRef, purpose, outcome).where(parameters);
        var query = AuditEntry.<AuditEntry>find(where + " order by seq desc", parameters);
        List<AuditEntryView> items = query.page(page, size).list().stream().map(AuditEntryView::of).toList();
        return new AuditPage(items, page, size, query.count());
    }

    @GET
    @Path("export")
    @Produces("application/x-ndjson")
    @Transactional
    @Operation(summary = "The filtered audit log as JSON lines, oldest first")
    public StreamingOutput export(@PathParam("tenant") String tenant,
                                  @QueryParam("from") String from, @QueryParam("to") String to,
                                  @QueryParam("action") String action, @QueryParam("actorId") String actorId,
                                  @QueryParam("subjectRef") String subjectRef, @QueryParam("purpose") String purpose,
                                  @QueryParam("outcome") String outcome) {
        Parameters parameters = new Parameters();
        String where = new AuditQuery(from, to, action, actorId, subjectRef, purpose, outcome).where(parameters);
        // Materialised inside the transaction; the log of one tenant fits comfortably for an export call.
        List<AuditEntryView> entries = AuditEntry.<AuditEntry>find(where + " order by seq", parameters)
                .stream().map(AuditEntryView::of).toList();
        return output -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            for (AuditEntryView entry : entries) {
                writer.write(json.writeValueAsString(entry));
                writer.write('\n');
            }
            writer.flush();
        };
    }

    @POST
    @Path("verify")
    @Transactional
    @Operation(summary = "Walk the hash chain and report the first broken link")
    public ChainVerification verify(@PathParam("tenant") String tenant) {
        ChainVerification result = verifier.verify();
        trail.append(new AuditEvent(Actor.user(caller.username()), "audit.verify", null, null,
                result.valid() ? AuditOutcome.VALID : AuditOutcome.BROKEN,
                result.valid() ? java.util.Map.of("entries", Long.toString(result.entriesChecked()))
                        : java.util.Map.of("firstBrokenSeq", String.valueOf(result.firstBrokenSeq()))));
        return result;
    }

    public record AuditPage(List<AuditEntryView> items, int page, int size, long total) {
    }
}
