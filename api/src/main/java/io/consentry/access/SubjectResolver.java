package io.consentry.access;

import io.consentry.subject.SubjectDirectory;
import io.consentry.subject.SubjectRef;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

/**
 * Turns what a device or guard names (the subject's id or the tenant's external reference) into a subject of the
 * caller's tenant, through the subject feature's directory (erased subjects are not found).
 */
@ApplicationScoped
public class SubjectResolver {

    private final SubjectDirectory directory;

    SubjectResolver(SubjectDirectory directory) {
        this.directory = directory;
    }

    public record Subject(UUID id, String externalRef) {
    }

    public Optional<Subject> resolve(UUID subjectId, String subjectRef) {
        Optional<SubjectRef> found = subjectId != null
                ? directory.findById(subjectId)
                : subjectRef == null || subjectRef.isBlank() ? Optional.empty() : directory.findByExternalRef(subjectRef.strip());
        return found.map(ref -> new Subject(ref.id(), ref.externalRef()));
    }
}
