package io.consentry.subject;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.LocalDate;

/**
 * The age from which a subject decides for themselves ({@code consentry.minors.age-of-consent}, 14 by default: PIPL
 * art. 28 and 31 treat the personal information of a child under 14 as sensitive and require a guardian's consent).
 */
@ApplicationScoped
public class AgeOfConsent {

    private final int years;

    AgeOfConsent(@ConfigProperty(name = "consentry.minors.age-of-consent", defaultValue = "14") int years) {
        this.years = years;
    }

    public int years() {
        return years;
    }

    /** Whether a subject with these facts is below the age of consent on {@code today}. */
    public boolean minor(LocalDate birthDate, AgeBand band, LocalDate today) {
        if (birthDate != null) {
            return birthDate.plusYears(years).isAfter(today);
        }
        return band == AgeBand.MINOR;
    }

    /** The first day on which someone born on {@code birthDate} decides for themselves. */
    public LocalDate comesOfAge(LocalDate birthDate) {
        return birthDate.plusYears(years);
    }
}
