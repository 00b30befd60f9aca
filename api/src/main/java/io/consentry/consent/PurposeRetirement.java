package io.consentry.consent;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.audit.Actor;
import io.consentry.core.problem.ApiException;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** Retiring a purpose ends every grant of it, with the effects and receipt of a withdrawal, then hides it. */
@ApplicationScoped
public class PurposeRetirement {

    private final PurposeCatalog catalog;
    private final ConsentLedger ledger;
    private final ConsentService consents;

    PurposeRetirement(PurposeCatalog catalog, ConsentLedger ledger, ConsentService consents) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.consents = consents;
    }

    @Transactional
    public int retire(String code, Actor actor) {
        PurposeView purpose = catalog.find(code).orElseThrow(() ->
                new ApiException(ProblemCode.PURPOSE_NOT_FOUND, "There is no purpose with the code '" + code + "'."));
        int ended = 0;
        for (UUID subject : ledger.grantedSubjects(purpose.id())) {
            consents.end(subject, purpose, ConsentEvent.Type.WITHDRAWN, "purpose-retired", "admin", actor, true);
            ended++;
        }
        catalog.retire(purpose.id());
        return ended;
    }
}
