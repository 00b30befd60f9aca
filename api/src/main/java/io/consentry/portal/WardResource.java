package io.consentry.portal;

import io.consentry.consent.ConsentService;
import io.consentry.core.audit.Actor;
import io.consentry.core.security.PortalSubject;
import io.consentry.enrolment.EnrolmentService;
import io.consentry.guardianship.Guardianship;
import io.consentry.receipt.Receipts;
import io.consentry.subject.SubjectDirectory;
import io.consentry.subject.SubjectRef;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A guardian's portal: the minors they are linked to, and per purpose the guardian's decision for each (grant, refuse,
 * withdraw, enrol the child's face once granted). The guardian is the portal user (their own invitation and session);
 * every route first checks the live link to the ward (404 {@code ward_not_found} otherwise), and the consent service
 * checks that the ward is still below the age of consent. Receipts name the guardian.
 */
@Path("/portal/{tenant}/wards")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(PortalSubject.ROLE)
@Tag(name = "Consent portal")
public class WardResource {

    private final PortalSubject guardian;
    private final Guardianship guardianship;
    private final SubjectDirectory subjects;
    private final PortalChoices choices;
    private final ConsentService consents;
    private final Receipts receipts;
    private final EnrolmentService enrolment;

    WardResource(PortalSubject guardian, Guardianship guardianship, SubjectDirectory subjects, PortalChoices choices,
                 ConsentService consents, Receipts receipts, EnrolmentService enrolment) {
        this.guardian = guardian;
        this.guardianship = guardianship;
        this.subjects = subjects;
        this.choices = choices;
        this.consents = consents;
        this.receipts = receipts;
        this.enrolment = enrolment;
    }

    @GET
    @Operation(summary = "The minors you are the guardian of, and whether you decide for them today")
    public List<Guardianship.Ward> wards(@PathParam("tenant") String tenant) {
        return guardianship.wardsOf(guardian.id());
    }

    @GET
    @Path("{ward}/purposes")
    @Operation(summary = "Every purpose, with the decision in force for your ward")
    public List<PortalResource.PortalPurpose> purposes(@PathParam("tenant") String tenant, @PathParam("ward") UUID ward) {
        guardianship.requireWard(guardian.id(), ward);
        return choices.purposesOf(ward);
    }

    @POST
    @Path("{ward}/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant or refuse ONE purpose for your ward: {purpose, decision: GRANT|REFUSE, noticeHash}")
    public Response decide(@PathParam("tenant") String tenant, @PathParam("ward") UUID ward, Map<String, Object> body) {
        guardianship.requireWard(guardian.id(), ward);
        PortalResource.DecisionRequest d = PortalResource.parseDecision(body);
        ConsentService.Outcome outcome = consents.decide(ward, d.purpose(), d.decision(), d.noticeHash(),
                "explicit-guardian-decision", guardian.channel(), asGuardian());
        return Response.status(201).entity(new PortalResource.DecisionResult(outcome.purpose(), outcome.state().name(),
                outcome.eventId(), outcome.receiptId(), outcome.expiresAt(), choices.personalLinkIfNone(tenant, guardian.id()))).build();
    }

    @POST
    @Path("{ward}/consents/{purpose}/withdraw")
    @Operation(summary = "Withdraw a consent you gave for your ward")
    public PortalResource.DecisionResult withdraw(@PathParam("tenant") String tenant, @PathParam("ward") UUID ward,
                                                  @PathParam("purpose") String purpose) {
        guardianship.requireWard(guardian.id(), ward);
        ConsentService.Outcome outcome = consents.withdraw(ward, purpose, "explicit-guardian-withdrawal", guardian.channel(),
                Actor.subject(guardian.id().toString()), asGuardian());
        return new PortalResource.DecisionResult(outcome.purpose(), outcome.state().name(), outcome.eventId(), outcome.receiptId(),
                null, null);
    }

    @GET
    @Path("{ward}/receipts")
    @Operation(summary = "Your ward's consent receipts")
    public List<Receipts.ReceiptSummary> receipts(@PathParam("tenant") String tenant, @PathParam("ward") UUID ward) {
        guardianship.requireWard(guardian.id(), ward);
        return receipts.list(ward);
    }

    @GET
    @Path("{ward}/receipts/{id}")
    @Operation(summary = "A signed receipt of your ward")
    public Receipts.SignedReceipt receipt(@PathParam("tenant") String tenant, @PathParam("ward") UUID ward, @PathParam("id") UUID id) {
        guardianship.requireWard(guardian.id(), ward);
        return receipts.load(ward, id);
    }

    @POST
    @Path("{ward}/enrolment")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Enrol your ward's face (request body = the image), once you granted a face purpose for them")
    public Response enrol(@PathParam("tenant") String tenant, @PathParam("ward") UUID ward,
                          @QueryParam("replaces") UUID replaces, @QueryParam("replaceAll") boolean replaceAll, byte[] image) {
        Guardianship.Ward w = guardianship.requireWard(guardian.id(), ward);
        if (!w.decides()) {
            throw new io.consentry.core.problem.ApiException(io.consentry.core.problem.ProblemCode.GUARDIAN_NOT_ENTITLED,
                    "This person has reached the age of consent and enrols their own face.");
        }
        EnrolmentService.Request request = new EnrolmentService.Request(ward, image, guardian.freshInvitation(), replaces, replaceAll);
        return Response.status(201).entity(enrolment.enrol(request)).build();
    }

    private ConsentService.Guardian asGuardian() {
        String name = subjects.findById(guardian.id()).map(SubjectRef::displayName).orElse(null);
        return new ConsentService.Guardian(guardian.id(), name);
    }
}
