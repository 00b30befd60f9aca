package io.consentry.webhook;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.Problem;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The facade of webhook subscriptions: tenant admins create, change (incl. disable) and rotate; every change is
 * audited with the receiver's host and the types, never the secret or the URL's path and query (they may carry the
 * receiver's own tokens).
 */
@ApplicationScoped
public class WebhookSubscriptions {

    private final CallerTenant caller;
    private final AuditTrail audit;
    private final WebhookUrls urls;
    private final WebhookSecrets secrets;
    private final Duration defaultOverlap;

    WebhookSubscriptions(CallerTenant caller, AuditTrail audit, WebhookUrls urls, WebhookSecrets secrets,
                         @ConfigProperty(name = "consentry.webhooks.rotation-overlap", defaultValue = "PT24H") Duration defaultOverlap) {
        this.caller = caller;
        this.audit = audit;
        this.urls = urls;
        this.secrets = secrets;
        this.defaultOverlap = defaultOverlap;
    }

    @Transactional
    public List<WebhookView> list() {
        Instant now = Instant.now();
        return WebhookSubscription.<WebhookSubscription>list("order by createdAt").stream().map(s -> WebhookView.of(s, now)).toList();
    }

    @Transactional
    public WebhookView get(UUID id) {
        return WebhookView.of(require(id), Instant.now());
    }

    /** The answer carries the secret, this once. */
    @Transactional
    public WebhookView create(WebhookRequest request) {
        List<EventType> types = check(request);
        Instant now = Instant.now();
        WebhookSubscription s = new WebhookSubscription();
        s.id = UUID.randomUUID();
        s.url = request.url().strip();
        s.description = blankToNull(request.description());
        s.eventTypes = String.join(",", types.stream().map(EventType::type).toList());
        s.active = request.active() == null || request.active();
        s.createdAt = now;
        s.updatedAt = now;
        String secret = WebhookSecrets.generate();
        secrets.setCurrent(s, secret);
        s.persist();
        audit("webhook.created", s, Map.of());
        return WebhookView.of(s, now).withSecret(secret);
    }

    @Transactional
    public WebhookView update(UUID id, WebhookRequest request) {
        WebhookSubscription s = require(id);
        List<EventType> types = check(request);
        boolean wasActive = s.active;
        s.url = request.url().strip();
        s.description = blankToNull(request.description());
        s.eventTypes = String.join(",", types.stream().map(EventType::type).toList());
        if (request.active() != null) {
            s.active = request.active();
        }
        s.updatedAt = Instant.now();
        String action = wasActive && !s.active ? "webhook.disabled" : !wasActive && s.active ? "webhook.enabled" : "webhook.updated";
        audit(action, s, Map.of());
        return WebhookView.of(s, s.updatedAt);
    }

    /**
     * A new secret, shown in this answer only; the previous one keeps signing for {@code overlap} (the configured
     * default when null; zero ends it at once), so receivers can switch without losing a delivery.
     */
    @Transactional
    public WebhookView rotateSecret(UUID id, Duration overlap) {
        WebhookSubscription s = require(id);
        Duration keep = overlap == null ? defaultOverlap : overlap;
        Instant now = Instant.now();
        String fresh = WebhookSecrets.generate();
        secrets.rotate(s, fresh, now.plus(keep));
        s.updatedAt = now;
        audit("webhook.secret-rotated", s, Map.of("overlapSeconds", Long.toString(keep.toSeconds())));
        return WebhookView.of(s, now).withSecret(fresh);
    }

    WebhookSubscription require(UUID id) {
        WebhookSubscription s = WebhookSubscription.findById(id);
        if (s == null) {
            throw new ApiException(ProblemCode.WEBHOOK_NOT_FOUND, "There is no webhook subscription " + id + " in this tenant.");
        }
        return s;
    }

    void audit(String action, WebhookSubscription s, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("subscription", s.id.toString());
        details.put("host", hostOf(s.url));
        details.put("eventTypes", s.eventTypes);
        details.put("active", Boolean.toString(s.active));
        details.putAll(extra);
        audit.append(new AuditEvent(Actor.user(caller.username()), action, null, null, AuditOutcome.OK, details));
    }

    private List<EventType> check(WebhookRequest request) {
        urls.refusal(request.url()).ifPresent(why -> {
            throw new ApiException(ProblemCode.WEBHOOK_URL_REFUSED, "The receiver URL " + why + ".",
                    List.of(new Problem.FieldError("url", why)));
        });
        List<Problem.FieldError> unknown = new ArrayList<>();
        LinkedHashSet<EventType> types = new LinkedHashSet<>();
        for (int i = 0; i < request.eventTypes().size(); i++) {
            String type = request.eventTypes().get(i);
            var known = EventType.find(type == null ? "" : type.strip());
            if (known.isPresent()) {
                types.add(known.get());
            } else {
                unknown.add(new Problem.FieldError("eventTypes[" + i + "]", "is not one of " + allTypes()));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ApiException(ProblemCode.WEBHOOK_EVENT_TYPE_UNKNOWN,
                    "An event type is not one the platform sends; use " + allTypes() + ".", unknown);
        }
        return List.copyOf(types);
    }

    private static String allTypes() {
        return String.join(", ", java.util.Arrays.stream(EventType.values()).map(EventType::type).toList());
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "?" : host;
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
