package io.consentry.tenants.realm;

import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import java.util.List;
import java.util.Map;

/**
 * A second factor for tenant admins and auditors, enforced by Keycloak at every console sign-in rather than left to
 * each person's choice. The realm's browser flow becomes:
 * <pre>
 * consentry browser
 *   cookie                                         ALTERNATIVE
 *   consentry browser forms                        ALTERNATIVE
 *     username + password                          REQUIRED
 *     consentry second factor for staff            CONDITIONAL  (holds role second-factor-required)
 *       OTP form                                   REQUIRED     (no authenticator app yet: CONFIGURE_TOTP first)
 *     consentry second factor if configured        CONDITIONAL  (has an OTP credential and not the role above)
 *       OTP form                                   REQUIRED
 * </pre>
 * tenant-admin and auditor are composites containing {@link RealmRoles#SECOND_FACTOR_REQUIRED}, so the condition
 * follows the role a person holds (and a role change) without a per-user setting. An OTP form that is REQUIRED for a
 * user without an OTP credential makes Keycloak add the CONFIGURE_TOTP required action: no admin or auditor reaches the
 * console without setting up an authenticator app. Applied to new realms and, idempotently, to existing ones at start.
 * The password grant of the command-line client (tests only, off in production) does not run this flow.
 */
final class SecondFactorPolicy {

    static final String FLOW = "consentry browser";
    private static final String FORMS = "consentry browser forms";
    private static final String STAFF_OTP = "consentry second factor for staff";
    private static final String OTHER_OTP = "consentry second factor if configured";

    private SecondFactorPolicy() {
    }

    /** Returns true when something had to be changed. */
    static boolean apply(RealmResource realm) {
        boolean changed = step("the role " + RealmRoles.SECOND_FACTOR_REQUIRED, () -> ensureRole(realm));
        changed |= step("the browser flow", () -> ensureFlow(realm.flows()));
        RealmRepresentation current = realm.toRepresentation();
        if (!FLOW.equals(current.getBrowserFlow())) {
            RealmRepresentation change = new RealmRepresentation();
            change.setBrowserFlow(FLOW);
            realm.update(change);
            changed = true;
        }
        return changed;
    }

    private static boolean ensureRole(RealmResource realm) {
        boolean changed = false;
        // A missing role is not always reported as NotFoundException by the admin client: look in the list instead.
        boolean exists = realm.roles().list().stream().anyMatch(r -> RealmRoles.SECOND_FACTOR_REQUIRED.equals(r.getName()));
        if (!exists) {
            RoleRepresentation role = new RoleRepresentation();
            role.setName(RealmRoles.SECOND_FACTOR_REQUIRED);
            role.setDescription("Contained in tenant-admin and auditor: sign-in asks for an authenticator app's code");
            realm.roles().create(role);
            changed = true;
        }
        RoleRepresentation marker = realm.roles().get(RealmRoles.SECOND_FACTOR_REQUIRED).toRepresentation();
        for (String holder : RealmRoles.SECOND_FACTOR_ROLES) {
            boolean contains = realm.roles().get(holder).getRoleComposites().stream()
                    .anyMatch(r -> RealmRoles.SECOND_FACTOR_REQUIRED.equals(r.getName()));
            if (!contains) {
                realm.roles().get(holder).addComposites(List.of(marker));
                changed = true;
            }
        }
        return changed;
    }

    private static boolean ensureFlow(AuthenticationManagementResource flows) {
        if (flows.getFlows().stream().anyMatch(f -> FLOW.equals(f.getAlias()))) {
            return false;
        }
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(FLOW);
        flow.setDescription("Browser sign-in; tenant admins and auditors must use an authenticator app");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        step("creating the flow", () -> {
            flows.createFlow(flow).close();
            return true;
        });
        step("adding the cookie", () -> add(flows, FLOW, "auth-cookie"));
        step("adding the forms", () -> addFlow(flows, FLOW, FORMS));
        step("adding the password form", () -> add(flows, FORMS, "auth-username-password-form"));
        step("adding the staff sub-flow", () -> addFlow(flows, FORMS, STAFF_OTP));
        step("adding the staff role condition", () -> add(flows, STAFF_OTP, "conditional-user-role"));
        step("adding the staff OTP form", () -> add(flows, STAFF_OTP, "auth-otp-form"));
        step("adding the other sub-flow", () -> addFlow(flows, FORMS, OTHER_OTP));
        step("adding the configured condition", () -> add(flows, OTHER_OTP, "conditional-user-configured"));
        step("adding the other role condition", () -> add(flows, OTHER_OTP, "conditional-user-role"));
        step("adding the other OTP form", () -> add(flows, OTHER_OTP, "auth-otp-form"));

        String subflow = null;
        for (AuthenticationExecutionInfoRepresentation execution : flows.getExecutions(FLOW)) {
            if (Boolean.TRUE.equals(execution.getAuthenticationFlow())) {
                subflow = execution.getDisplayName();
                execution.setRequirement(FORMS.equals(subflow) ? "ALTERNATIVE" : "CONDITIONAL");
            } else if ("auth-cookie".equals(execution.getProviderId())) {
                execution.setRequirement("ALTERNATIVE");
            } else {
                execution.setRequirement("REQUIRED");
            }
            step("the requirement of " + execution.getDisplayName(), () -> {
                flows.updateExecutions(FLOW, execution);
                return true;
            });
            if ("conditional-user-role".equals(execution.getProviderId())) {
                boolean staff = STAFF_OTP.equals(subflow);
                AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
                config.setAlias(staff ? "holds second-factor-required" : "does not hold second-factor-required");
                config.setConfig(Map.of("condUserRole", RealmRoles.SECOND_FACTOR_REQUIRED, "negate", Boolean.toString(!staff)));
                step("the condition of " + subflow, () -> {
                    flows.newExecutionConfig(execution.getId(), config).close();
                    return true;
                });
            }
        }
        return true;
    }

    /** Names the step in the error: Keycloak's own answer (a bare status) does not say which call it refused. */
    private static boolean step(String what, java.util.function.BooleanSupplier work) {
        try {
            return work.getAsBoolean();
        } catch (jakarta.ws.rs.WebApplicationException e) {
            String body;
            try {
                body = e.getResponse().readEntity(String.class);
            } catch (RuntimeException unreadable) {
                body = "";
            }
            throw new RealmException("Keycloak refused " + what + " (HTTP " + e.getResponse().getStatus() + " " + body + ")", e);
        }
    }

    private static boolean add(AuthenticationManagementResource flows, String flow, String provider) {
        flows.addExecution(flow, Map.of("provider", provider));
        return true;
    }

    private static boolean addFlow(AuthenticationManagementResource flows, String flow, String alias) {
        flows.addExecutionFlow(flow, subflow(alias));
        return true;
    }

    private static Map<String, Object> subflow(String alias) {
        return Map.of("alias", alias, "type", "basic-flow", "provider", "registration-page-form", "description", alias);
    }
}
