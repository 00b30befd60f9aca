package io.consentry.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Optional;

/**
 * One request of a workload and its answer: {@code status} is 0 when no answer came (connection refused, reset or
 * timed out), which the suite counts as a defect — the api must answer even when a server behind it is down.
 */
record Attempt(String operation, String subject, Phase phase, int status, String contentType, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** When the request started, relative to the fault. */
    enum Phase {
        BEFORE, DURING, AFTER
    }

    boolean succeeded() {
        return status >= 200 && status < 300;
    }

    boolean isProblem() {
        return contentType != null && contentType.startsWith("application/problem+json") && code().isPresent();
    }

    Optional<String> code() {
        return field("code");
    }

    Optional<String> field(String name) {
        try {
            JsonNode node = JSON.readTree(body).get(name);
            return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    /**
     * What is wrong with the answer, if anything. A success, or a refusal saying the platform is temporarily
     * unavailable (503 problem document) is clean; anything else — no answer, a 500, a bare status, a 4xx that blames
     * the client for a server's outage — is a defect.
     */
    Optional<String> defect() {
        if (succeeded()) {
            return Optional.empty();
        }
        if (status == 0) {
            return Optional.of("no answer (" + body + ")");
        }
        if (!isProblem()) {
            return Optional.of("HTTP " + status + " without a problem document: " + abbreviated());
        }
        if (status != 503) {
            return Optional.of("HTTP " + status + " " + code().orElse("") + " instead of success or 503: " + abbreviated());
        }
        return Optional.empty();
    }

    String outcome() {
        return succeeded() ? Integer.toString(status) : status == 0 ? "no answer" : status + " " + code().orElse("(bare)");
    }

    private String abbreviated() {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
