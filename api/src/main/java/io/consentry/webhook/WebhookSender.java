package io.consentry.webhook;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One signed POST with a short timeout. Redirects are not followed (a redirect could lead past the address checks of
 * {@link WebhookUrls}); the receiver's body is discarded, never stored or logged.
 */
@ApplicationScoped
class WebhookSender {

    /** What one attempt came to: the HTTP status (null when none came back) and a short error. */
    record Result(Integer status, String error, Duration took) {
        boolean accepted() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client;
    private final Duration timeout;
    private final WebhookUrls urls;

    WebhookSender(@ConfigProperty(name = "consentry.webhooks.timeout", defaultValue = "PT5S") Duration timeout,
                  @ConfigProperty(name = "consentry.webhooks.connect-timeout", defaultValue = "PT3S") Duration connectTimeout,
                  WebhookUrls urls) {
        this.timeout = timeout;
        this.urls = urls;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .executor(threads).build();
    }

    Result post(String url, String eventId, String body, List<String> secrets) {
        long started = System.nanoTime();
        URI uri = URI.create(url);
        var refused = urls.refusalBeforeSending(uri);
        if (refused.isPresent()) {
            return new Result(null, "Address refused: the URL " + refused.get(), elapsed(started));
        }
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/cloudevents+json")
                .header("Consentry-Event-Id", eventId)
                .header("Consentry-Timestamp", Long.toString(timestamp))
                .header("Consentry-Signature", WebhookSignature.header(secrets, eventId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Result(status, status >= 200 && status < 300 ? null : "HTTP " + status, elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "Interrupted", elapsed(started));
        } catch (Exception e) {
            String message = e.getMessage() == null ? "" : ": " + e.getMessage();
            return new Result(null, truncate(e.getClass().getSimpleName() + message), elapsed(started));
        }
    }

    static String truncate(String text) {
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
