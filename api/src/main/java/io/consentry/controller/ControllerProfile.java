package io.consentry.controller;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.Problem;
import io.consentry.core.problem.ProblemCode;
import io.consentry.tenants.profile.TenantProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * The tenant's controller profile. Until someone saves it, it is pre-filled from what the platform knows (the tenant's
 * name); the contact details only the tenant can give, so a notice is refused until they are filled in.
 */
@ApplicationScoped
public class ControllerProfile {

    /** The profile as it stands (pre-filled when never saved). */
    @Transactional
    public Controller current() {
        ControllerProfileRow row = ControllerProfileRow.findById(ControllerProfileRow.ID);
        if (row == null) {
            return new Controller(TenantProfile.current().displayName, null, null, null, null, null);
        }
        return new Controller(row.name, row.address, row.email, row.phone, row.policyUrl, row.jurisdiction);
    }

    @Transactional
    public boolean complete() {
        return current().missing().isEmpty();
    }

    /** Replaces the profile (partial profiles are kept: the admin may fill it in over several visits). */
    @Transactional
    public Controller save(Controller given, String by) {
        Controller c = given.stripped();
        ControllerProfileRow row = ControllerProfileRow.findById(ControllerProfileRow.ID);
        if (row == null) {
            row = new ControllerProfileRow();
            row.id = ControllerProfileRow.ID;
        }
        row.name = c.name();
        row.address = c.address();
        row.email = c.email();
        row.phone = c.phone();
        row.policyUrl = c.policyUrl();
        row.jurisdiction = c.jurisdiction();
        row.updatedAt = Instant.now();
        row.updatedBy = by;
        row.persist();
        return c;
    }

    /** The complete profile a notice freezes, or a 409 naming every missing field as {@code controller.<field>}. */
    @Transactional
    public Controller requireComplete() {
        Controller c = current();
        List<String> missing = c.missing();
        if (!missing.isEmpty()) {
            throw new ApiException(ProblemCode.CONTROLLER_INCOMPLETE, "A notice names the data controller, and the controller "
                    + "profile lacks: " + String.join(", ", missing) + ". Fill it in (PUT …/controller) and publish again.",
                    missing.stream().map(f -> new Problem.FieldError("controller." + f, "required")).toList());
        }
        return c;
    }
}
