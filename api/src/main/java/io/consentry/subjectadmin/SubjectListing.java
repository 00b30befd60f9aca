package io.consentry.subjectadmin;

import io.consentry.core.problem.ProblemCode;
import io.consentry.biometric.TemplateVault;
import io.consentry.consent.ConsentLedger;
import io.consentry.core.problem.ApiException;
import io.consentry.subject.Subjects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The console's subject list: a page of subjects, optionally only those whose consent to one purpose is in a given
 * state. The consent ledger says which subjects are in that state; the subject store pages within them.
 */
@ApplicationScoped
class SubjectListing {

    private final Subjects subjects;
    private final ConsentLedger ledger;
    private final TemplateVault vault;

    SubjectListing(Subjects subjects, ConsentLedger ledger, TemplateVault vault) {
        this.subjects = subjects;
        this.ledger = ledger;
        this.vault = vault;
    }

    public record Page(List<SubjectView> items, int page, int size, long total) {
    }

    /**
     * @param state NONE, GRANTED, REFUSED, WITHDRAWN or EXPIRED (a grant past its expiry counts as EXPIRED); needs a purpose
     */
    @Transactional
    Page page(UUID purposeId, String state, String search, int page, int size) {
        Subjects.IdFilter filter = null;
        if (purposeId != null && state != null) {
            filter = switch (state) {
                case "NONE" -> Subjects.IdFilter.except(ledger.subjectsWithAnyDecision(purposeId));
                case "GRANTED", "REFUSED", "WITHDRAWN", "EXPIRED", "NEEDS_RECONSENT" ->
                        Subjects.IdFilter.only(ledger.subjectsInState(purposeId, ConsentLedger.State.valueOf(state)));
                default -> throw new ApiException(ProblemCode.INVALID_STATE,
                        "state must be NONE, GRANTED, REFUSED, WITHDRAWN, EXPIRED or NEEDS_RECONSENT.");
            };
        } else if (state != null) {
            throw new ApiException(ProblemCode.PURPOSE_REQUIRED, "Filtering by consent state needs a purpose.");
        }
        Subjects.Page rows = subjects.list(filter, search, page, size);
        Set<UUID> ids = rows.items().stream().map(Subjects.View::id).collect(java.util.stream.Collectors.toSet());
        Map<UUID, TemplateVault.Reenrolment> flags = vault.reenrolments(ids);
        return new Page(rows.items().stream().map(v -> SubjectView.of(v, flags.get(v.id()))).toList(), rows.page(), rows.size(),
                rows.total());
    }
}
