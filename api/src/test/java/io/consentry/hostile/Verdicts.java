package io.consentry.hostile;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every answer, classified: counts by status and category, and the defects (anything the platform must never do). */
final class Verdicts {

    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final Map<String, Integer> byCategory = new TreeMap<>();
    private final List<String> defects = new ArrayList<>();
    private int sent;

    synchronized void record(Probe probe, int status, String contentType, String body) {
        sent++;
        byStatus.merge(status, 1, Integer::sum);
        byCategory.merge(probe.category(), 1, Integer::sum);
        String what = probe.category() + " " + probe.method() + " " + shorten(probe.pathAndQuery()) + " -> " + status;
        if (status >= 500) {
            defects.add("5xx: " + what + " " + shorten(body));
        } else if (status >= 400 && (contentType == null || !contentType.startsWith("application/problem+json")
                || body == null || !body.contains("\"code\""))) {
            defects.add("4xx without a problem document: " + what + " [" + contentType + "] " + shorten(body));
        } else if (probe.expect() == Probe.Expect.REFUSED && status < 400) {
            defects.add("invalid request succeeded: " + what + " " + shorten(body));
        }
    }

    synchronized void record(Probe probe, HttpResponse<String> response) {
        record(probe, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
    }

    synchronized void failure(Probe probe, Exception e) {
        sent++;
        byCategory.merge(probe.category(), 1, Integer::sum);
        byStatus.merge(0, 1, Integer::sum);
        defects.add("no answer: " + probe.category() + " " + probe.method() + " " + shorten(probe.pathAndQuery()) + ": " + e);
    }

    synchronized int sent() {
        return sent;
    }

    synchronized List<String> defects() {
        return List.copyOf(defects);
    }

    synchronized String report() {
        StringBuilder out = new StringBuilder();
        out.append("requests sent: ").append(sent).append('\n');
        out.append("answers by status: ").append(byStatus).append('\n');
        out.append("requests by category:\n");
        byCategory.forEach((category, count) -> out.append("  ").append(category).append(": ").append(count).append('\n'));
        out.append("defects: ").append(defects.size()).append('\n');
        defects.forEach(d -> out.append("  ").append(d).append('\n'));
        return out.toString();
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }
}
