package io.consentry.credential;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PBKDF2 PIN hashes: right PIN matches, anything else does not, and the iteration count travels with the hash. */
class PinHasherTest {

    /** Few iterations keep the test fast; the count is part of the stored hash, so production's count is not needed. */
    private final PinHasher hasher = new PinHasher(1_000);

    @Test
    void theRightPinMatchesAndEveryOtherDoesNot() {
        String stored = hasher.hash("482913");
        assertThat(hasher.matches("482913", stored)).isTrue();
        assertThat(hasher.matches("482914", stored)).isFalse();
        assertThat(hasher.matches("", stored)).isFalse();
        assertThat(hasher.matches("4829130", stored)).isFalse();
    }

    @Test
    void theSamePinHashesDifferentlyEachTimeBecauseOfItsSalt() {
        String a = hasher.hash("1234");
        String b = hasher.hash("1234");
        assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$1000$");
        assertThat(hasher.matches("1234", a)).isTrue();
        assertThat(hasher.matches("1234", b)).isTrue();
    }

    @Test
    void aHashKeepsTheIterationCountItWasMadeWith() {
        String old = new PinHasher(500).hash("7777");
        assertThat(old).startsWith("pbkdf2-sha256$500$");
        // Raising the configured count later does not invalidate PINs hashed before.
        assertThat(new PinHasher(2_000).matches("7777", old)).isTrue();
    }

    @Test
    void aMalformedStoredHashNeverMatches() {
        String good = hasher.hash("1111");
        String[] parts = good.split("\\$");
        assertThat(hasher.matches("1111", null)).isFalse();
        assertThat(hasher.matches("1111", "")).isFalse();
        assertThat(hasher.matches("1111", "plain-1111")).isFalse();
        assertThat(hasher.matches("1111", "bcrypt$" + parts[1] + "$" + parts[2] + "$" + parts[3])).isFalse();
        assertThat(hasher.matches("1111", parts[0] + "$many$" + parts[2] + "$" + parts[3])).isFalse();
        assertThat(hasher.matches("1111", parts[0] + "$" + parts[1] + "$!!!$" + parts[3])).isFalse();
        assertThat(hasher.matches("1111", good.substring(0, good.length() - 4))).isFalse();
    }
}
