package io.consentry.tenants;

import io.consentry.tenants.registry.TenantSlug;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantSlugTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "acme-mall", "b2", "a", "0-9"})
    void acceptsDnsLabels(String slug) {
        assertThat(new TenantSlug(slug).value()).isEqualTo(slug);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Demo", "-demo", "demo-", "de_mo", "de.mo", "dé", "demo tenant", "platform", "master",
            "a23456789012345678901234567890123456789012"})
    void rejectsEverythingElse(String slug) {
        assertThatThrownBy(() -> new TenantSlug(slug)).isInstanceOf(TenantSlug.InvalidSlugException.class)
                .hasMessageContaining("slug");
    }

    @Test
    void rejectsNull() {
        assertThat(TenantSlug.problemWith(null)).isEqualTo("The slug is missing.");
    }

    @Test
    void derivesNamesThatStayInsideEachSystemsRules() {
        TenantSlug slug = new TenantSlug("a23456789-123456789-123456789-123456789");
        assertThat(slug.schemaName()).isEqualTo("t_a23456789_123456789_123456789_123456789").hasSizeLessThan(64);
        assertThat(slug.bucketName("consentry-t-")).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9][a-z0-9-]*[a-z0-9]");
        assertThat(slug.realmName()).isEqualTo(slug.value());
    }
}
