package io.consentry.face.packbuild;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two pinned templates agree with each other where the fused build relies on it. */
class PackTemplateTest {
    @Test
    void everyModelOfTheDefaultPackIsPinnedWithItsSource() {
        PackTemplate t = PackTemplate.pinned("faceplugin-0.0.1");
        assertThat(t.roles()).containsExactly("detect", "landmark", "embed", "liveness", "age", "gender", "expression");
        assertThat(t.require("pack.source.sha256")).matches("[0-9a-f]{64}");
        for (String role : t.roles()) {
            assertThat(t.sha256(role)).as(role).matches("[0-9a-f]{64}");
            assertThat(t.source(role)).as(role).startsWith("package/");
        }
        assertThat(t.extraFiles()).containsEntry("package/LICENSE", "LICENSE.upstream");
        assertThat(t.text()).startsWith("# Consentry model pack manifest").contains("format=consentry-model-pack/1");
    }

    /** The fused pack hard-links the base pack's files, so every shared role must pin the same file and digest. */
    @Test
    void theFusedPackPinsTheBasePacksModelsUnchanged() {
        PackTemplate fused = PackTemplate.pinned("faceplugin-dlib-0.1");
        PackTemplate base = PackTemplate.pinned(fused.require("pack.base"));
        assertThat(fused.roles()).contains(FusedPackBuilder.CONVERTED_ROLE);
        for (String role : fused.roles()) {
            if (!role.equals(FusedPackBuilder.CONVERTED_ROLE)) {
                assertThat(fused.sha256(role)).as(role).isEqualTo(base.sha256(role));
                assertThat(fused.file(role)).as(role).isEqualTo(base.file(role));
                assertThat(fused.get("model." + role + ".optional", "false")).as(role)
                        .isEqualTo(base.get("model." + role + ".optional", "false"));
            }
        }
        assertThat(fused.sha256(FusedPackBuilder.CONVERTED_ROLE)).matches("[0-9a-f]{64}");
    }

    @Test
    void anUnknownPackHasNoTemplate() {
        assertThatThrownBy(() -> PackTemplate.pinned("no-such-pack")).hasMessageContaining("no pinned manifest template");
    }
}
