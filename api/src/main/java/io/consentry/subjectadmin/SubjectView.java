package io.consentry.subjectadmin;

import io.consentry.biometric.TemplateVault;
import io.consentry.subject.Subjects;

import java.time.Instant;
import java.util.UUID;

/**
 * A subject as the console shows it.
 *
 * @param contactVerifiedAt when the subject last proved they read mail at {@code contact} (null: not since it was set)
 * @param reenrolment set when the subject's templates were made by a model pack that is no longer configured and
 *                    could not be rebuilt: they must enrol again (face access falls back to alternatives until then)
 * @param minor       below the age of consent today: only a linked guardian decides for them
 */
public record SubjectView(UUID id, String externalRef, String displayName, String contact, Instant contactVerifiedAt,
                          Instant createdAt, Instant erasedAt, TemplateVault.Reenrolment reenrolment,
                          java.time.LocalDate birthDate, io.consentry.subject.AgeBand ageBand, boolean minor) {

    static SubjectView of(Subjects.View s, TemplateVault.Reenrolment reenrolment) {
        return new SubjectView(s.id(), s.externalRef(), s.displayName(), s.contact(), s.contactVerifiedAt(), s.createdAt(),
                s.erasedAt(), reenrolment, s.birthDate(), s.ageBand(), s.minor());
    }
}
