package io.consentry.devicekit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokenTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration MARGIN = Duration.ofSeconds(30);

    @Test
    void aTokenIsReusedUntilTheMarginBeforeItsExpiry() {
        AccessToken token = AccessToken.issued("t", 300, ISSUED);
        Duration lifetime = Duration.ofSeconds(300);
        assertThat(token.expiresAt()).isEqualTo(ISSUED.plusSeconds(300));
        assertThat(token.usableAt(ISSUED, MARGIN, lifetime)).isTrue();
        assertThat(token.usableAt(ISSUED.plusSeconds(269), MARGIN, lifetime)).isTrue();
        assertThat(token.usableAt(ISSUED.plusSeconds(270), MARGIN, lifetime)).isFalse();
        assertThat(token.usableAt(ISSUED.plusSeconds(400), MARGIN, lifetime)).isFalse();
    }

    @Test
    void aVeryShortLivedTokenIsUsedForHalfItsLifetime() {
        AccessToken token = AccessToken.issued("t", 40, ISSUED);
        Duration lifetime = Duration.ofSeconds(40);
        assertThat(token.usableAt(ISSUED.plusSeconds(19), MARGIN, lifetime)).isTrue();
        assertThat(token.usableAt(ISSUED.plusSeconds(20), MARGIN, lifetime)).isFalse();
    }

    @Test
    void aNegativeLifetimeIsAlreadyExpiredAndAnEmptyValueIsRefused() {
        assertThat(AccessToken.issued("t", -5, ISSUED).usableAt(ISSUED, MARGIN, Duration.ZERO)).isFalse();
        assertThatThrownBy(() -> new AccessToken(" ", ISSUED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeycloakTokenEndpointIsTheTenantRealms() {
        assertThat(TokenSource.keycloakTokenEndpoint(java.net.URI.create("https://id.example.com/"), "acme-mall").toString())
                .isEqualTo("https://id.example.com/realms/acme-mall/protocol/openid-connect/token");
    }
}
