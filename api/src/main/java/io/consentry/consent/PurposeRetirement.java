package io.consentry.consent;

import io.consentry.audit.Actor;
import io.consentry.problem.ApiException;
import io.consentry.purpose.Purpose;
import io.consentry.purpose.PurposeCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** Retiring a purpose ends every grant of it, with the effects and receipt of a withdrawal, then hides it. */
@ApplicationScoped
public class PurposeRetirement {

    @Inject
    PurposeCatalog catalog;
    @Inject
    ConsentLedger ledger;
    @Inject
    ConsentService consents;

    @Transactional
    public int retire(String code, Actor actor) {
        Purpose purpose = catalog.findByCode(code).orElseThrow(() ->
                ApiException.notFound("purpose_not_found", "There is no purpose with the code '" + code + "'."));
        int ended = 0;
        for (UUID subject : ledger.grantedSubjects(purpose.id)) {
            consents.end(subject, purpose, ConsentEvent.Type.WITHDRAWN, "purpose-retired", "admin", actor, true);
            ended++;
        }
        catalog.retire(purpose);
        return ended;
    }
}
