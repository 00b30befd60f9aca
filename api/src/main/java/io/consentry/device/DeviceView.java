package io.consentry.device;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

/** What admins see of a device. {@code clientSecret} is only present in the answer that created or rotated it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceView(UUID id, UUID siteId, String name, String clientId, String status, Instant createdAt,
                         Instant secretRotatedAt, Instant revokedAt, Instant lastSeenAt, String softwareVersion,
                         String health, String healthDetail, String tokenEndpoint, String clientSecret) {

    static DeviceView of(Device d, String tokenEndpoint) {
        return new DeviceView(d.id, d.siteId, d.name, d.clientId, d.status.name(), d.createdAt, d.secretRotatedAt,
                d.revokedAt, d.lastSeenAt, d.softwareVersion, d.health == null ? null : d.health.name(), d.healthDetail,
                tokenEndpoint, null);
    }

    DeviceView withSecret(String secret) {
        return new DeviceView(id, siteId, name, clientId, status, createdAt, secretRotatedAt, revokedAt, lastSeenAt,
                softwareVersion, health, healthDetail, tokenEndpoint, secret);
    }
}
