package io.consentry.core.http;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Outside dev and test the public URL is required, https unless it is loopback, and decides whether cookies are Secure. */
class PublicUrlTest {

    @Test
    void productionRefusesToStartWithoutAPublicUrl() {
        assertThatThrownBy(() -> new PublicUrl(Optional.empty(), LaunchMode.NORMAL).validate())
                .hasMessageContaining("consentry.public-url").hasMessageContaining("required");
        assertThatThrownBy(() -> new PublicUrl(Optional.of("  "), LaunchMode.NORMAL).validate())
                .hasMessageContaining("required");
    }

    @Test
    void productionRefusesPlainHttpExceptOnLoopback() {
        assertThatThrownBy(() -> new PublicUrl(Optional.of("http://consentry.example.com"), LaunchMode.NORMAL).validate())
                .hasMessageContaining("https");
        assertThatCode(() -> new PublicUrl(Optional.of("http://127.0.0.1:8080"), LaunchMode.NORMAL).validate()).doesNotThrowAnyException();
        assertThatCode(() -> new PublicUrl(Optional.of("https://consentry.example.com/"), LaunchMode.NORMAL).validate()).doesNotThrowAnyException();
        assertThatThrownBy(() -> new PublicUrl(Optional.of("ftp://x"), LaunchMode.NORMAL)).hasMessageContaining("http(s)");
    }

    @Test
    void cookiesAreSecureWhenThePlatformIsReachedOverHttps() {
        assertThat(new PublicUrl(Optional.of("https://consentry.example.com/"), LaunchMode.NORMAL).secureCookies()).isTrue();
        assertThat(new PublicUrl(Optional.of("https://consentry.example.com/"), LaunchMode.NORMAL).base()).isEqualTo("https://consentry.example.com");
        assertThat(new PublicUrl(Optional.of("http://127.0.0.1:8080"), LaunchMode.NORMAL).secureCookies()).isFalse();
    }

    @Test
    void devAndTestMayRunWithoutOne() {
        assertThatCode(() -> new PublicUrl(Optional.empty(), LaunchMode.TEST).validate()).doesNotThrowAnyException();
    }
}
