package io.consentry.hostile;

import java.util.Map;

/**
 * One hostile request: what it tries ({@code category}), the raw request, and what the platform must answer.
 *
 * @param pathAndQuery already encoded as it goes on the wire (it may carry %00 and the like on purpose)
 * @param body         null for none
 * @param chunked      send the body without Content-Length
 * @param expect       {@link Expect#REFUSED}: the request is invalid or not allowed, so anything but a 4xx problem is a
 *                     defect; {@link Expect#ANY}: it may succeed (e.g. a concurrent duplicate of a valid write), but
 *                     never with a 5xx, and a 4xx must still be a problem document
 */
record Probe(String category, String operation, String method, String pathAndQuery, Map<String, String> headers, byte[] body,
             boolean chunked, Expect expect) {

    enum Expect { REFUSED, ANY }

    Probe withCategory(String newCategory) {
        return new Probe(newCategory, operation, method, pathAndQuery, headers, body, chunked, expect);
    }
}
