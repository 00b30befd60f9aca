package io.consentry.subject;

import java.util.UUID;

/** What other features may know of a subject. */
public record SubjectRef(UUID id, String externalRef, String displayName) {
}
