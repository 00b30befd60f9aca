package io.consentry.devicekit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

    private static String problem(int status, String code, String detail) {
        return "{\"type\":\"urn:consentry:problem:" + code + "\",\"title\":\"T\",\"status\":" + status + ",\"code\":\"" + code
                + "\",\"detail\":\"" + detail + "\"}";
    }

    @Test
    void aRevokedDeviceIsItsOwnType() {
        var e = Problems.toException(403, problem(403, "device_revoked", "The device was revoked."), null);
        assertThat(e).isInstanceOf(DeviceKitException.DeviceRevoked.class);
        assertThat(e.code()).isEqualTo("device_revoked");
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.detail()).isEqualTo("The device was revoked.");
    }

    @Test
    void framesRefusedByTheEngineAreFrameRejected() {
        for (String code : new String[]{"no_face_found", "multiple_faces", "unsupported_image", "corrupt_image", "invalid_image_encoding"}) {
            assertThat(Problems.toException(422, problem(422, code, "x"), null))
                    .isInstanceOf(DeviceKitException.FrameRejected.class).extracting(DeviceKitException::code).isEqualTo(code);
        }
    }

    @Test
    void rateLimitsCarryTheWaitAndServerErrorsAreUnavailable() {
        var limited = (DeviceKitException.RateLimited) Problems.toException(429, problem(429, "rate_limited", "slow down"), Duration.ofSeconds(2));
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(Problems.toException(503, problem(503, "engine_busy", "busy"), null))
                .isInstanceOf(DeviceKitException.Unavailable.class).extracting(DeviceKitException::code).isEqualTo("engine_busy");
    }

    @Test
    void fieldErrorsAreKeptAndUnknownBodiesGetACodeFromTheStatus() {
        var invalid = Problems.toException(400, "{\"status\":400,\"code\":\"validation_failed\",\"title\":\"Invalid\","
                + "\"errors\":[{\"field\":\"softwareVersion\",\"message\":\"must not be blank\"}],\"extra\":1}", null);
        assertThat(invalid.code()).isEqualTo("validation_failed");
        assertThat(invalid.errors()).containsExactly(new DeviceKitException.FieldError("softwareVersion", "must not be blank"));
        assertThat(Problems.toException(401, "", null)).isInstanceOf(DeviceKitException.Unauthenticated.class)
                .extracting(DeviceKitException::code).isEqualTo("unauthenticated");
        assertThat(Problems.toException(502, "<html>bad gateway</html>", null))
                .isInstanceOf(DeviceKitException.Unavailable.class).extracting(DeviceKitException::code).isEqualTo("unavailable");
        assertThat(Problems.toException(418, "not json", null).code()).isEqualTo("http_418");
    }

    @Test
    void aDecisionIsReadWithItsIdAndUnknownFieldsAreIgnored() {
        Decision d = Decision.of(Json.parseOrNull("{\"decision\":\"FALLBACK_REQUIRED\",\"reason\":\"no_match\",\"method\":\"FACE_1_N\","
                + "\"allowedMethods\":[\"PIN\",\"GUARD\"],\"auditEntryId\":\"7d3c6b1e-2f3a-4c9e-9a3e-1e2d3c4b5a69\","
                + "\"decidedAt\":\"2026-11-30T12:00:00Z\",\"operatingPoint\":{\"rate\":\"FPIR\"},\"somethingNew\":true}"));
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.FALLBACK_REQUIRED);
        assertThat(d.granted()).isFalse();
        assertThat(d.allowedMethods()).containsExactly("PIN", "GUARD");
        assertThat(d.decisionId()).hasToString("7d3c6b1e-2f3a-4c9e-9a3e-1e2d3c4b5a69");
        assertThat(d.subjectId()).isNull();
        assertThat(d.score()).isNull();
    }
}
