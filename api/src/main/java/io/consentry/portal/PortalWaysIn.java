package io.consentry.portal;

import io.consentry.consent.ConsentLedger;
import io.consentry.credential.CredentialKind;
import io.consentry.credential.CredentialView;
import io.consentry.credential.Credentials;
import io.consentry.enrolment.EnrolmentService;
import io.consentry.policy.AccessMethod;
import io.consentry.policy.EffectivePolicy;
import io.consentry.policy.Policies;
import io.consentry.purpose.PurposeRef;
import io.consentry.site.SiteView;
import io.consentry.site.Sites;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The ways into the tenant's sites as one subject can use them: per site the methods its policy accepts, and for each
 * whether this subject can use it now (a face method needs their active consent to its purpose and an enrolled face; a
 * PIN, QR code or card needs an active credential of that kind; the guard is always there). Only what some site accepts
 * is offered for self-issuing.
 */
@ApplicationScoped
public class PortalWaysIn {

    private final Sites sites;
    private final Policies policies;
    private final ConsentLedger ledger;
    private final EnrolmentService enrolment;
    private final Credentials credentials;

    PortalWaysIn(Sites sites, Policies policies, ConsentLedger ledger, EnrolmentService enrolment, Credentials credentials) {
        this.sites = sites;
        this.policies = policies;
        this.ledger = ledger;
        this.enrolment = enrolment;
        this.credentials = credentials;
    }

    /**
     * @param usableNow whether this subject can go in this way today
     * @param purpose   for a face method, the title of the purpose it runs under (null when none is set)
     * @param why       for a way the subject cannot use now, what is missing (a stable word the portal translates)
     */
    public record Way(AccessMethod method, boolean usableNow, String purpose, String why) {
    }

    public record SiteWays(String name, List<Way> ways) {
    }

    /**
     * @param selfIssuable the credential kinds the subject can get here, because a site accepts them
     * @param credentials  the subject's credentials that can still open something (no secrets)
     */
    public record WaysIn(List<SiteWays> sites, List<CredentialKind> selfIssuable, List<CredentialView> credentials) {
    }

    public WaysIn of(UUID subjectId) {
        List<CredentialView> usable = credentials.usable(subjectId);
        Set<CredentialKind> held = usable.stream().map(CredentialView::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(CredentialKind.class)));
        Map<UUID, Boolean> consents = ledger.current(subjectId).stream()
                .collect(Collectors.toMap(ConsentLedger.Current::purposeId, ConsentLedger.Current::active, (a, b) -> a || b));
        boolean enrolled = !enrolment.templates(subjectId).isEmpty();
        Set<AccessMethod> accepted = EnumSet.noneOf(AccessMethod.class);
        List<SiteWays> out = new ArrayList<>();
        for (SiteView site : sites.list()) {
            EffectivePolicy policy = policies.effective(site.id());
            List<Way> ways = new ArrayList<>();
            for (AccessMethod m : policy.methods().stream().sorted().toList()) {
                accepted.add(m);
                ways.add(way(m, policy, held, consents, enrolled));
            }
            out.add(new SiteWays(site.name(), ways));
        }
        return new WaysIn(out, selfIssuable(accepted), usable);
    }

    /** The kinds a subject may issue given what the sites accept: a PIN where a site takes PINs, QR codes where one takes QR. */
    public List<CredentialKind> selfIssuable(UUID subjectId) {
        Set<AccessMethod> accepted = EnumSet.noneOf(AccessMethod.class);
        for (SiteView site : sites.list()) {
            accepted.addAll(policies.effective(site.id()).methods());
        }
        return selfIssuable(accepted);
    }

    private static List<CredentialKind> selfIssuable(Set<AccessMethod> accepted) {
        List<CredentialKind> kinds = new ArrayList<>();
        for (CredentialKind kind : Credentials.SELF_ISSUABLE) {
            if (accepted.contains(methodOf(kind))) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** The access method a device checks a credential kind under. */
    public static AccessMethod methodOf(CredentialKind kind) {
        return switch (kind) {
            case PIN -> AccessMethod.PIN;
            case QR_ONE_TIME, QR_TOTP -> AccessMethod.QR;
            case CARD -> AccessMethod.CARD;
        };
    }

    private static Way way(AccessMethod m, EffectivePolicy policy, Set<CredentialKind> held, Map<UUID, Boolean> consents,
                           boolean enrolled) {
        if (m.biometric()) {
            PurposeRef purpose = policy.purposeOf(m).orElse(null);
            if (purpose == null) {
                return new Way(m, false, null, "purpose_not_set");
            }
            if (!consents.getOrDefault(purpose.id(), false)) {
                return new Way(m, false, purpose.title(), "no_consent");
            }
            return enrolled ? new Way(m, true, purpose.title(), null) : new Way(m, false, purpose.title(), "not_enrolled");
        }
        boolean usable = switch (m) {
            case PIN -> held.contains(CredentialKind.PIN);
            case QR -> held.contains(CredentialKind.QR_ONE_TIME) || held.contains(CredentialKind.QR_TOTP);
            case CARD -> held.contains(CredentialKind.CARD);
            default -> true; // the guard
        };
        return new Way(m, usable, null, usable ? null : "no_credential");
    }
}
