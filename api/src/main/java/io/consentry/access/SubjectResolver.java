package io.consentry.access;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

/** Turns what a device or guard names (subject id or the tenant's external reference) into a subject. */
@ApplicationScoped
public class SubjectResolver {

    public record Subject(UUID id, String externalRef) {
    }

    public Optional<Subject> resolve(UUID subjectId, String subjectRef) {
        if (subjectId != null) {
            return Optional.of(new Subject(subjectId, subjectRef));
        }
        return Optional.empty();
    }
}
