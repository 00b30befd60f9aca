package io.consentry.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Create or change a subscription.
 *
 * @param url        where to POST: https (see {@link WebhookUrls} for what is refused)
 * @param eventTypes CloudEvent types, e.g. {@code io.consentry.decision.made}
 * @param active     whether deliveries are made; defaults to true on creation
 */
public record WebhookRequest(@NotBlank @Size(max = 2000) String url,
                             @Size(max = 500) String description,
                             @NotNull @NotEmpty @Size(max = 20) List<@NotBlank String> eventTypes,
                             Boolean active) {
}
