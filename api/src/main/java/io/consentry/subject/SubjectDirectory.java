package io.consentry.subject;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Optional;
import java.util.UUID;

/** How other features look subjects up (erased subjects are not found). */
@ApplicationScoped
public class SubjectDirectory {

    @Transactional
    public Optional<SubjectRef> findById(UUID id) {
        return Subject.<Subject>findByIdOptional(id).filter(s -> !s.erased()).map(SubjectDirectory::ref);
    }

    @Transactional
    public Optional<SubjectRef> findByExternalRef(String externalRef) {
        return Subject.<Subject>find("externalRef", externalRef).firstResultOptional().filter(s -> !s.erased())
                .map(SubjectDirectory::ref);
    }

    static SubjectRef ref(Subject s) {
        return new SubjectRef(s.id, s.externalRef, s.displayName);
    }
}
