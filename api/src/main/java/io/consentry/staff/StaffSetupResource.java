package io.consentry.staff;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.realm.RealmException;
import io.consentry.tenants.realm.RealmRoles;
import io.consentry.tenants.realm.RealmUsers;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantSlug;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * The setup page's one call (the page is /setup/{tenant}, its link carries the token in the fragment): a person holding
 * a valid setup link chooses their password. No sign-in: the link is the proof, used once. Admins and auditors then
 * set up an authenticator app at their first console sign-in (Keycloak's CONFIGURE_TOTP).
 */
@Path("/api/v1/staff-setup/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Staff")
public class StaffSetupResource {

    static final int MIN_PASSWORD = 10;

    /** @param token the token of the setup link (after {@code #token=}) */
    public record ChoosePassword(@NotBlank @Size(max = 100) String token, @NotBlank @Size(max = 128) String password) {
    }

    /** @param signIn where to sign in next; @param secondFactorNext whether the sign-in will ask to set up an authenticator app */
    public record SetupDone(String signIn, boolean secondFactorNext) {
    }

    private final TenantRegistry registry;
    private final CallerTenant caller;
    private final SetupLinks links;
    private final RealmUsers users;
    private final AuditTrail audit;

    StaffSetupResource(TenantRegistry registry, CallerTenant caller, SetupLinks links, RealmUsers users, AuditTrail audit) {
        this.registry = registry;
        this.caller = caller;
        this.links = links;
        this.users = users;
        this.audit = audit;
    }

    @POST
    @Path("password")
    @Transactional
    @Operation(summary = "Choose a password with a one-time setup link (used once; expired, replaced or used links get 410)")
    public SetupDone choosePassword(@PathParam("tenant") String slug, @Valid ChoosePassword request) {
        if (request == null) {
            throw new ApiException(ProblemCode.BODY_REQUIRED, "Send a JSON body with token and password.");
        }
        if (request.password().length() < MIN_PASSWORD) {
            throw new ApiException(ProblemCode.PASSWORD_REJECTED, "Choose a password of at least " + MIN_PASSWORD + " characters.");
        }
        Tenant tenant = tenant(slug);
        caller.assume(tenant);
        String id = links.redeem(request.token());
        RealmUsers.Account account;
        try {
            account = users.find(tenant, id).filter(RealmUsers.Account::enabled).orElseThrow(() ->
                    new ApiException(ProblemCode.SETUP_LINK_INVALID, "This setup link is not valid any more: the account was disabled or removed."));
            users.setPassword(tenant, id, request.password());
        } catch (RealmUsers.PasswordRejectedException e) {
            throw new ApiException(ProblemCode.PASSWORD_REJECTED, e.getMessage() + " Choose another one.");
        } catch (RealmException e) {
            throw Staff.unavailable(e);
        }
        audit.append(new AuditEvent(Actor.user(account.email()), "staff.setup.password-chosen", null, null, AuditOutcome.OK,
                Map.of("staffId", id, "role", account.role())));
        return new SetupDone("/console/" + tenant.slug + "/login", RealmRoles.SECOND_FACTOR_ROLES.contains(account.role()) && !account.secondFactorSet());
    }

    /** The same answer for a malformed, unknown or inactive tenant as for a bad link: the link is what is wrong. */
    private Tenant tenant(String slug) {
        if (TenantSlug.problemWith(slug) != null) {
            throw invalidLink();
        }
        return registry.findBySlug(slug).filter(t -> t.status == TenantStatus.ACTIVE).orElseThrow(StaffSetupResource::invalidLink);
    }

    private static ApiException invalidLink() {
        return new ApiException(ProblemCode.SETUP_LINK_INVALID, "This setup link is not valid; ask for a new one.");
    }
}
