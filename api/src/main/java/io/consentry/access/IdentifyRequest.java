package io.consentry.access;

import jakarta.validation.constraints.NotBlank;

/** 1:N identification: one camera frame (base64). A face that matches nobody is neither stored nor analysed further. */
public record IdentifyRequest(@NotBlank String image) {
}
