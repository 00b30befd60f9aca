package io.consentry.devicekit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns an api answer that is not a 2xx into the typed exception of its stable code. */
public final class Problems {

    private Problems() {
    }

    public static DeviceKitException.ApiProblem toException(int status, String body, Duration retryAfter) {
        JsonNode json = Json.parseOrNull(body);
        String code = Json.text(json, "code");
        if (code == null) {
            // Not one of the api's problem documents (a proxy's page, an empty 401 from the token check).
            code = switch (status) {
                case 401 -> "unauthenticated";
                case 403 -> "forbidden";
                case 404 -> "not_found";
                case 429 -> "rate_limited";
                case 502, 503, 504 -> "unavailable";
                default -> "http_" + status;
            };
        }
        String title = Json.text(json, "title");
        String detail = Json.text(json, "detail");
        if (title == null) {
            title = "HTTP " + status;
        }
        if (status == 401) {
            return new DeviceKitException.Unauthenticated(status, code, detail == null ? "The api did not accept the device's token." : detail);
        }
        if ("device_revoked".equals(code)) {
            return new DeviceKitException.DeviceRevoked(status, code, title, detail);
        }
        if (status == 429) {
            return new DeviceKitException.RateLimited(status, code, title, detail, retryAfter);
        }
        if (DeviceKitException.FrameRejected.CODES.contains(code)) {
            return new DeviceKitException.FrameRejected(status, code, title, detail);
        }
        if (status == 403) {
            return new DeviceKitException.Forbidden(status, code, title, detail);
        }
        if (status >= 500) {
            return new DeviceKitException.Unavailable(status, code, title, detail);
        }
        List<DeviceKitException.FieldError> errors = new ArrayList<>();
        if (json != null && json.path("errors").isArray()) {
            json.path("errors").forEach(e -> errors.add(new DeviceKitException.FieldError(Json.text(e, "field"), Json.text(e, "message"))));
        }
        return new DeviceKitException.ApiProblem(status, code, title, detail, errors);
    }
}
