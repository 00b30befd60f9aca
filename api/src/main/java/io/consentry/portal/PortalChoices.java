package io.consentry.portal;

import io.consentry.consent.ConsentLedger;
import io.consentry.policy.Policies;
import io.consentry.purpose.PurposeCatalog;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.consentry.portal.PortalResource.PersonalLink;
import io.consentry.portal.PortalResource.PortalPurpose;
import io.consentry.portal.PortalResource.PortalSite;

/** What the portal shows and hands out to whoever decides: the subject for themselves, or a guardian for a ward. */
@ApplicationScoped
class PortalChoices {

    private final PurposeCatalog catalog;
    private final ConsentLedger ledger;
    private final Policies policies;
    private final PortalTokens tokens;
    private final String publicUrl;

    PortalChoices(PurposeCatalog catalog, ConsentLedger ledger, Policies policies, PortalTokens tokens,
                  io.consentry.core.http.PublicUrl publicUrl) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.policies = policies;
        this.tokens = tokens;
        this.publicUrl = publicUrl.base();
    }

    /** Every purpose with the decision in force for {@code subjectId} (the subject's own, or a guardian's ward). */
    List<PortalPurpose> purposesOf(UUID subjectId) {
        Map<String, ConsentLedger.Current> states = ledger.current(subjectId).stream()
                .collect(Collectors.toMap(ConsentLedger.Current::code, c -> c));
        Map<UUID, List<PortalSite>> sites = policies.faceSitesByPurpose().stream().collect(Collectors.groupingBy(
                Policies.SiteUse::purposeId, Collectors.mapping(u -> new PortalSite(u.siteName(), u.method().name()),
                        Collectors.toList())));
        // Only purposes in force: a face purpose without an approved impact assessment is not offered at all.
        return catalog.offered().stream().map(p -> {
            ConsentLedger.Current c = states.get(p.code());
            return new PortalPurpose(p.code(), p.title(), p.kind().name(), p.retentionDays(), p.notice(),
                    c == null ? "NONE" : c.state().name(), c == null || !c.active() ? null : c.expiresAt(),
                    sites.getOrDefault(p.id(), List.of()).stream().sorted(java.util.Comparator.comparing(PortalSite::name)).toList());
        }).toList();
    }

    /** The subject's current consent per purpose; a purpose not in force (no impact assessment) only where they decided on it. */
    List<ConsentLedger.Current> consentsOf(UUID subjectId) {
        return ledger.current(subjectId).stream()
                .filter(c -> c.state() != ConsentLedger.State.NONE || catalog.inForce(c.purposeId())).toList();
    }

    /** The personal link of whoever holds this session, issued with their first decision. */
    PersonalLink personalLinkIfNone(String tenant, UUID holder) {
        if (tokens.hasPersonalLink(holder)) {
            return null;
        }
        PortalTokens.Issued personal = tokens.issuePersonalLink(holder);
        return new PersonalLink(publicUrl + "/consent/" + tenant + "#personal=" + personal.token(), personal.token(),
                personal.expiresAt());
    }

}
