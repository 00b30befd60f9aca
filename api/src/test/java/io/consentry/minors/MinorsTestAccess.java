package io.consentry.minors;

import io.consentry.consent.ConsentFixtures;

import java.time.LocalDate;

/** The minors fixtures for tests of other packages (a child with a birth date, a guardian's portal session). */
public final class MinorsTestAccess {

    private MinorsTestAccess() {
    }

    public static String child(ConsentFixtures t, String ref, LocalDate birthDate) {
        return MinorsTest.child(t, ref, birthDate);
    }

    public static String guardianSession(ConsentFixtures t, String child, String guardianRef) {
        return MinorsTest.guardianSession(t, child, guardianRef);
    }
}
