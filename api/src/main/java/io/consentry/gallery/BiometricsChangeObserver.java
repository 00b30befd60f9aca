package io.consentry.gallery;

import io.consentry.consent.BiometricsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * A subject enrolled, withdrew or was erased: once that committed, drop them from this replica's gallery and tell
 * the other replicas. (Fired outside a transaction, the observer runs at once.)
 */
@ApplicationScoped
public class BiometricsChangeObserver {

    private final GallerySync sync;

    BiometricsChangeObserver(GallerySync sync) {
        this.sync = sync;
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) BiometricsChanged change) {
        sync.changed(change.tenantId(), change.subjectId());
    }
}
