package io.consentry.accessrights;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Create or rename a group. */
public record GroupRequest(@NotBlank @Size(max = 200) String name, @Size(max = 1000) String description) {
}
