package io.consentry.device;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A device says it is alive, what it runs and how it feels. */
public record HeartbeatRequest(@NotBlank @Size(max = 100) String softwareVersion,
                               @NotNull Device.Health health,
                               @Size(max = 500) String detail) {
}
