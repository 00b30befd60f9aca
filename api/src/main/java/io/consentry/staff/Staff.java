package io.consentry.staff;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.http.PublicUrl;
import io.consentry.core.mail.MailAddresses;
import io.consentry.core.mail.MailOutbox;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.realm.RealmException;
import io.consentry.tenants.realm.RealmUsers;
import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The staff feature's facade: invite (an account without password, a setup link by mail), list, disable, re-enable,
 * and new setup links; each change lands in the tenant's audit log. Acts on the tenant the request is bound to (the
 * caller's own tenant, or the one a platform operator acts on).
 */
@ApplicationScoped
public class Staff {

    private static final Logger LOG = Logger.getLogger(Staff.class);

    /** A setup link handed to a platform operator (for a tenant's first admin); never shown to tenant users. */
    public record SetupLink(String staffId, String link, Instant expiresAt) {
    }

    private final RealmUsers users;
    private final SetupLinks links;
    private final StaffRevocations revocations;
    private final MailOutbox mail;
    private final AuditTrail audit;
    private final CallerTenant caller;
    private final PublicUrl publicUrl;

    Staff(RealmUsers users, SetupLinks links, StaffRevocations revocations, MailOutbox mail, AuditTrail audit,
          CallerTenant caller, PublicUrl publicUrl) {
        this.users = users;
        this.links = links;
        this.revocations = revocations;
        this.mail = mail;
        this.audit = audit;
        this.caller = caller;
        this.publicUrl = publicUrl;
    }

    /**
     * Creates the account in the tenant's realm and mails its setup link. Should anything after the account's creation
     * fail, the account is removed again: no account without its link, no link without its account.
     */
    @Transactional
    public StaffView invite(InviteStaff request, Actor by) {
        Tenant tenant = caller.require();
        String id;
        try {
            id = users.create(tenant, request.name().strip(), request.email().strip(), request.role());
        } catch (RealmUsers.AccountExistsException exists) {
            throw new ApiException(ProblemCode.STAFF_EXISTS, exists.getMessage());
        } catch (RealmException e) {
            throw unavailable(e);
        }
        try {
            StaffView view = get(tenant, id);
            mailSetupLink(tenant, view, by);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("staffId", id);
            details.put("role", view.role());
            details.put("email", MailAddresses.mask(view.email()));
            audit.append(new AuditEvent(by, "staff.invited", null, null, AuditOutcome.OK, details));
            return view;
        } catch (RuntimeException e) {
            try {
                users.remove(tenant, id);
            } catch (RuntimeException cleanup) {
                LOG.warnf("Could not remove the half-invited account %s of realm %s: %s", id, tenant.realm, cleanup.getMessage());
            }
            throw e;
        }
    }

    public List<StaffView> list() {
        try {
            return users.list(caller.require()).stream().map(StaffView::of).toList();
        } catch (RealmException e) {
            throw unavailable(e);
        }
    }

    /** Tenant admins only, when {@code role} is given: the operator's view of a tenant lists its admins. */
    public List<StaffView> list(String role) {
        return list().stream().filter(s -> s.role().equals(role)).toList();
    }

    public StaffView get(String id) {
        return get(caller.require(), id);
    }

    /**
     * Disables the account at Keycloak (no new sign-in, its sessions ended) and refuses its tokens already issued. An
     * admin cannot disable themselves (409): a tenant must not lose its last admin by a slip of the hand.
     */
    @Transactional
    public StaffView disable(String id, Actor by) {
        Tenant tenant = caller.require();
        StaffView staff = get(tenant, id);
        if (caller.subject().filter(id::equals).isPresent()) {
            throw new ApiException(ProblemCode.CANNOT_DISABLE_SELF, "You cannot disable your own account; another admin of the tenant can.");
        }
        java.util.List<String> sessions;
        try {
            sessions = users.setEnabled(tenant, id, false);
        } catch (RealmException e) {
            throw unavailable(e);
        }
        revocations.disable(tenant.id, id, sessions);
        audit.append(new AuditEvent(by, "staff.disabled", null, null, AuditOutcome.OK, Map.of("staffId", id, "role", staff.role())));
        return get(tenant, id);
    }

    /** Enables the account again; tokens issued before it was disabled stay refused: the person signs in again. */
    @Transactional
    public StaffView enable(String id, Actor by) {
        Tenant tenant = caller.require();
        StaffView staff = get(tenant, id);
        try {
            users.setEnabled(tenant, id, true);
        } catch (RealmException e) {
            throw unavailable(e);
        }
        revocations.enable(tenant.id, id);
        audit.append(new AuditEvent(by, "staff.enabled", null, null, AuditOutcome.OK, Map.of("staffId", id, "role", staff.role())));
        return get(tenant, id);
    }

    /** Mails a new setup link (older ones stop working). */
    @Transactional
    public StaffView resendSetupLink(String id, Actor by) {
        Tenant tenant = caller.require();
        StaffView staff = requireEnabled(get(tenant, id));
        mailSetupLink(tenant, staff, by);
        return staff;
    }

    /**
     * A new setup link handed to the caller, a platform operator (older ones stop working): for a first admin whose
     * mail did not arrive. Audited like a mailed one.
     */
    @Transactional
    public SetupLink setupLinkForOperator(String id, Actor by) {
        Tenant tenant = caller.require();
        StaffView staff = requireEnabled(get(tenant, id));
        SetupLinks.Issued issued = links.issue(staff.id(), by.id());
        audit.append(new AuditEvent(by, "staff.setup-link.issued", null, null, AuditOutcome.OK,
                Map.of("staffId", staff.id(), "channel", "operator", "expiresAt", issued.expiresAt().toString())));
        return new SetupLink(staff.id(), link(tenant, issued), issued.expiresAt());
    }

    private void mailSetupLink(Tenant tenant, StaffView staff, Actor by) {
        SetupLinks.Issued issued = links.issue(staff.id(), by.id());
        mail.queue(StaffMails.setup(staff.email(), staff.name(), tenant.displayName, staff.role(), link(tenant, issued),
                issued.expiresAt()), "staff-setup");
        audit.append(new AuditEvent(by, "staff.setup-link.issued", null, null, AuditOutcome.OK,
                Map.of("staffId", staff.id(), "channel", "email", "email", MailAddresses.mask(staff.email()),
                        "expiresAt", issued.expiresAt().toString())));
    }

    private String link(Tenant tenant, SetupLinks.Issued issued) {
        return publicUrl.base() + "/setup/" + tenant.slug + "#token=" + issued.token();
    }

    private StaffView get(Tenant tenant, String id) {
        if (id == null || !id.matches("[0-9a-f-]{36}")) {
            throw notFound();
        }
        try {
            return users.find(tenant, id).map(StaffView::of).orElseThrow(Staff::notFound);
        } catch (RealmException e) {
            throw unavailable(e);
        }
    }

    private static StaffView requireEnabled(StaffView staff) {
        if ("DISABLED".equals(staff.status())) {
            throw new ApiException(ProblemCode.STAFF_DISABLED, "This account is disabled; re-enable it before sending a setup link.");
        }
        return staff;
    }

    private static ApiException notFound() {
        return new ApiException(ProblemCode.STAFF_NOT_FOUND, "No staff member of this tenant has this id.");
    }

    static ApiException unavailable(RealmException e) {
        LOG.warnf("Keycloak: %s", e.getMessage());
        return new ApiException(ProblemCode.IDENTITY_PROVIDER_UNAVAILABLE, "The sign-in service did not answer; nothing was changed. Try again.");
    }
}
