package io.consentry.device;

import java.util.UUID;

/** The device behind the current device call: who it is and which site it stands at. */
public record ActiveDevice(UUID id, UUID siteId, String clientId, String name) {
}
