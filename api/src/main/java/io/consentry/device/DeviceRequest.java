package io.consentry.device;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** Register a device to a site. */
public record DeviceRequest(@NotNull UUID siteId, @NotBlank @Size(max = 200) String name) {
}
