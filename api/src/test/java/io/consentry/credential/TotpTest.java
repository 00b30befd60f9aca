package io.consentry.credential;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Time-based codes against the RFC's own test vectors. */
class TotpTest {

    /** RFC 6238 appendix B: the SHA-1 secret is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
            "2000000000, 69279037", "20000000000, 65353130"})
    void codesMatchRfc6238(long epochSeconds, String expected) {
        assertThat(Totp.code(RFC_SECRET, Totp.step(epochSeconds))).isEqualTo(expected);
    }

    @Test
    void stepsAreThirtySecondsAndRoundDownBeforeTheEpoch() {
        assertThat(Totp.step(0)).isZero();
        assertThat(Totp.step(29)).isZero();
        assertThat(Totp.step(30)).isEqualTo(1);
        assertThat(Totp.step(-1)).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32MatchesRfc4648WithoutPadding(String text, String expected) {
        assertThat(Totp.base32(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
    }
}
