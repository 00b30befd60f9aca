package io.consentry.device;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Maps a device token to its device row. The tenant comes from the token issuer (checked by the security layer);
 * the device from the token's client id ({@code azp}, or {@code client_id}). The row's status is read on every
 * call, so a revoked device is refused even while its last token is still valid.
 */
@RequestScoped
public class DeviceCaller {

    private final CallerTenant caller;
    private final JsonWebToken token;

    DeviceCaller(CallerTenant caller, JsonWebToken token) {
        this.caller = caller;
        this.token = token;
    }

    private ActiveDevice device;

    public ActiveDevice require() {
        if (device == null) {
            device = lookUp();
        }
        return device;
    }

    private ActiveDevice lookUp() {
        if (caller.tenant().isEmpty()) {
            throw new ApiException(ProblemCode.DEVICE_TOKEN_REQUIRED, "Device routes need a token of a tenant's device client.");
        }
        String clientId = clientId();
        if (clientId == null) {
            throw new ApiException(ProblemCode.DEVICE_TOKEN_REQUIRED, "The token names no client; devices use the client-credentials grant.");
        }
        Device found = QuarkusTransaction.joiningExisting().call(() -> Device.findByClientId(clientId).orElse(null));
        if (found == null) {
            throw new ApiException(ProblemCode.DEVICE_UNKNOWN, "The token's client is not a registered device of this tenant.");
        }
        if (found.status != Device.Status.ACTIVE) {
            throw new ApiException(ProblemCode.DEVICE_REVOKED, "This device was revoked; an admin must register it again.");
        }
        return new ActiveDevice(found.id, found.siteId, found.clientId, found.name);
    }

    private String clientId() {
        Object azp = token.getClaim("azp");
        if (azp == null) {
            azp = token.getClaim("client_id");
        }
        if (azp instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        return azp == null ? null : azp.toString();
    }
}
