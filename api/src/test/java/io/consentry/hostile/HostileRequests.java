package io.consentry.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile requests for one operation of the OpenAPI document: wrong or missing authorisation, NUL and junk in the
 * path and the query, and — for operations that take JSON — malformed documents, mistyped fields (a number for a
 * string or an enum, a string for a number, objects and arrays for scalars), NUL characters, missing and unknown
 * fields, duplicated keys, trailing garbage, deep nesting and bodies over the limit with and without Content-Length.
 */
final class HostileRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    /** Query parameters whose values are typed: a wrong value must be refused. */
    private static final Set<String> TYPED_QUERY = Set.of("page", "size", "from", "to", "tz", "subject", "site", "state");

    private final Operations operations;
    private final Context ctx;

    HostileRequests(Operations operations, Context ctx) {
        this.operations = operations;
        this.ctx = ctx;
    }

    List<Probe> forOperation(Operations.Operation op) {
        List<Probe> probes = new ArrayList<>();
        probes.addAll(authorisation(op));
        probes.addAll(pathAttacks(op));
        probes.addAll(queryAttacks(op));
        probes.addAll(transport(op));
        if (op.hasJsonBody()) {
            probes.addAll(bodyAttacks(op));
        }
        return probes;
    }

    // ---------------------------------------------------------------- authorisation

    private List<Probe> authorisation(Operations.Operation op) {
        List<Probe> probes = new ArrayList<>();
        if (isPublic(op)) {
            return probes;
        }
        String path = fill(op, Map.of());
        byte[] body = op.hasJsonBody() ? bytes(operations.sampleBody(op, ctx.ids())) : op.rawBody() ? new byte[]{1, 2, 3} : null;
        Map<String, String> wrong = new LinkedHashMap<>();
        wrong.put("none", null);
        wrong.put("garbage bearer", "Bearer not-a-jwt");
        wrong.put("unsigned token (alg none)", "Bearer " + ctx.unsignedOperatorToken());
        wrong.put("basic", "Basic YWRtaW46YWRtaW4=");
        wrong.put("portal garbage", "Portal " + "A".repeat(43));
        wrong.put("empty bearer", "Bearer ");
        wrong.put("lower-case scheme, garbage", "bearer x.y.z");
        wrong.put("token of the master realm", "Bearer " + ctx.masterToken().get());
        wrong.put("tampered token (roles added, signature kept)", "Bearer " + ctx.tamperedAdminToken().get());
        wrong.put("token with trailing garbage", "Bearer " + ctx.admin().get() + "x");
        wrong.put("two schemes", "Bearer " + ctx.admin().get() + ", Portal " + ctx.portalSession());
        if (op.path().startsWith("/api/v1/platform/")) {
            wrong.put("tenant admin on a platform route", "Bearer " + ctx.admin().get());
            wrong.put("device on a platform route", "Bearer " + ctx.device().get());
            wrong.put("guard on a platform route", "Bearer " + ctx.guard().get());
            wrong.put("portal session on a platform route", "Portal " + ctx.portalSession());
        } else if (op.path().startsWith("/api/v1/tenants/")) {
            wrong.put("operator on a tenant route", "Bearer " + ctx.operator().get());
            wrong.put("other tenant's admin", "Bearer " + ctx.otherAdmin().get());
            if (!op.path().equals("/api/v1/tenants/{tenant}/me")) { // any of the tenant's users and devices may ask who they are
                wrong.put("device on an admin route", "Bearer " + ctx.device().get());
                wrong.put("guard on an admin route", "Bearer " + ctx.guard().get());
            }
            wrong.put("portal session on an admin route", "Portal " + ctx.portalSession());
        } else if (op.path().equals("/api/v1/device/guard-override")) {
            wrong.put("device instead of a guard", "Bearer " + ctx.device().get());
            wrong.put("admin instead of a guard", "Bearer " + ctx.admin().get());
            wrong.put("operator at a device route", "Bearer " + ctx.operator().get());
        } else if (op.path().startsWith("/api/v1/device/")) {
            wrong.put("admin instead of a device", "Bearer " + ctx.admin().get());
            wrong.put("guard instead of a device", "Bearer " + ctx.guard().get());
            wrong.put("operator instead of a device", "Bearer " + ctx.operator().get());
        } else if (op.path().startsWith("/portal/")) {
            wrong.put("admin bearer on the portal", "Bearer " + ctx.admin().get());
            wrong.put("operator bearer on the portal", "Bearer " + ctx.operator().get());
            wrong.put("other tenant's portal session", "Portal " + ctx.otherPortalSession());
        }
        // Signing out is idempotent: without a session there is nothing to end, and the answer says signed out.
        Probe.Expect expect = op.path().equals("/console/{tenant}/logout") ? Probe.Expect.ANY : Probe.Expect.REFUSED;
        wrong.forEach((name, authorization) -> {
            Map<String, String> headers = new LinkedHashMap<>();
            if (authorization != null) {
                headers.put("Authorization", authorization);
            }
            if (op.path().startsWith("/console/")) {
                headers.put("X-Consentry-Console", "1");
            }
            probes.add(probe("auth: " + name, op, path, headers, body, false, expect));
        });
        if (op.path().startsWith("/api/v1/tenants/")) {
            // the right kind of token, the other tenant's path
            probes.add(probe("auth: tenant mismatch", op, fill(op, Map.of("tenant", ctx.otherTenant())), auth(op), body, false,
                    Probe.Expect.REFUSED));
        }
        if (op.path().startsWith("/portal/{tenant}/") && !isPublic(op)) {
            probes.add(probe("auth: session at another tenant's portal", op, fill(op, Map.of("tenant", ctx.otherTenant())),
                    auth(op), body, false, Probe.Expect.REFUSED));
        }
        return probes;
    }

    // ---------------------------------------------------------------- path

    private List<Probe> pathAttacks(Operations.Operation op) {
        List<Probe> probes = new ArrayList<>();
        byte[] body = op.hasJsonBody() ? bytes(operations.sampleBody(op, ctx.ids())) : null;
        Matcher m = PATH_PARAM.matcher(op.path());
        while (m.find()) {
            String param = m.group(1);
            Map<String, String> junk = new LinkedHashMap<>();
            junk.put("NUL", "%00");
            junk.put("NUL inside", "x%00y");
            junk.put("unknown", "no-such-thing");
            junk.put("zero uuid", "00000000-0000-0000-0000-000000000000");
            junk.put("traversal", "..%2F..%2Fetc%2Fpasswd");
            junk.put("invalid UTF-8", "%FF%FE%FD");
            junk.put("SQL", "x%27%20OR%20%271%27%3D%271");
            junk.put("3000 characters", "a".repeat(3000));
            junk.put("unicode", "%E2%80%AE%F0%9F%98%80");
            junk.put("control characters", "%01%02%1B");
            junk.put("dot dot", "%2e%2e");
            junk.put("null", "null");
            junk.put("minus one", "-1");
            junk.put("40 digits", "9".repeat(40));
            junk.put("star", "*");
            junk.put("space", "%20");
            junk.put("upper case", "NO-SUCH-THING");
            junk.put("json", "%7B%22a%22%3A1%7D");
            junk.forEach((name, value) -> {
                boolean harmless = (op.path().equals("/portal/{tenant}/receipt-key") // an unknown tenant gets a decoy key
                        || op.path().equals("/console/{tenant}/logout")) // signing out of nothing is fine
                        && param.equals("tenant") && !value.contains("%00");
                Probe.Expect expect = harmless ? Probe.Expect.ANY : Probe.Expect.REFUSED;
                probes.add(probe("path " + param + ": " + name, op, fill(op, Map.of(param, value)), auth(op), body, false, expect));
            });
        }
        return probes;
    }

    // ---------------------------------------------------------------- query

    private List<Probe> queryAttacks(Operations.Operation op) {
        List<Probe> probes = new ArrayList<>();
        String path = fill(op, Map.of());
        for (Operations.Param p : op.params()) {
            if (!p.in().equals("query")) {
                continue;
            }
            String name = p.name();
            boolean typed = TYPED_QUERY.contains(name);
            probes.add(probe("query " + name + ": NUL", op, path + "?" + name + "=%00", auth(op), null, false, Probe.Expect.REFUSED));
            probes.add(probe("query " + name + ": NUL inside", op, path + "?" + name + "=a%00b", auth(op), null, false, Probe.Expect.REFUSED));
            Map<String, String> values = new LinkedHashMap<>();
            values.put("int overflow", "2147483648");
            values.put("max int", "2147483647");
            values.put("negative", "-1");
            values.put("float", "1.5");
            values.put("exponent", "1e309");
            values.put("word", "yesterday");
            values.put("empty", "");
            values.put("uuid-ish", "not-a-uuid");
            values.put("5000 characters", "z".repeat(5000));
            values.put("SQL", "x%27%3B%20DROP%20TABLE%20subject%3B--");
            values.put("unicode", "%E2%80%AE%F0%9F%98%80");
            values.forEach((label, value) -> {
                // An empty value is an absent filter; 2147483647 is a valid page number until it overflows the offset.
                boolean mayBeValid = value.isEmpty();
                Probe.Expect expect = typed && !mayBeValid ? Probe.Expect.REFUSED : Probe.Expect.ANY;
                probes.add(probe("query " + name + ": " + label, op, path + "?" + name + "=" + value, auth(op), null, false, expect));
            });
            probes.add(probe("query " + name + ": repeated", op, path + "?" + name + "=1&" + name + "=2", auth(op), null, false, Probe.Expect.ANY));
        }
        return probes;
    }

    // ---------------------------------------------------------------- transport

    private static final List<String> OTHER_METHODS = List.of("PATCH", "TRACE", "PUT", "DELETE");

    private List<Probe> transport(Operations.Operation op) {
        String path = fill(op, Map.of());
        List<Probe> probes = new ArrayList<>();
        for (String method : OTHER_METHODS) {
            if (!operations.methodsOf(op.path()).contains(method.toLowerCase())) {
                probes.add(new Probe("transport: method " + method, op.id(), method, path, auth(op), null, false, Probe.Expect.REFUSED));
            }
        }
        probes.add(probe("transport: request line of 9000 characters", op, path + "?pad=" + "u".repeat(9000), auth(op), null, false,
                Probe.Expect.REFUSED));
        Map<String, String> big = new LinkedHashMap<>(auth(op));
        big.put("X-Pad", "h".repeat(20_000));
        probes.add(probe("transport: 20 KB of headers", op, path, big, null, false, Probe.Expect.REFUSED));
        Map<String, String> many = new LinkedHashMap<>(auth(op));
        for (int i = 0; i < 300; i++) {
            many.put("X-Many-" + i, "v".repeat(60));
        }
        probes.add(probe("transport: 300 headers", op, path, many, null, false, Probe.Expect.REFUSED));
        return probes;
    }

    // ---------------------------------------------------------------- body

    private List<Probe> bodyAttacks(Operations.Operation op) {
        List<Probe> probes = new ArrayList<>();
        String path = fill(op, Map.of());
        Map<String, String> headers = auth(op);
        Set<String> required = operations.required(op.bodySchema());
        boolean bodyOptional = required.isEmpty() && !op.path().endsWith("/decisions");

        List<String> malformed = List.of("{", "[1,2", "{\"a\":}", "nul", "{\"a\" 1}", "{'single': 'quotes'}", "{\"a\":1,}",
                "\u00ff\u00fe{}", "[]", "\"a string\"", "12", "true", "{}garbage");
        for (String text : malformed) {
            probes.add(probe("body: malformed " + text, op, path, json(headers), text.getBytes(StandardCharsets.ISO_8859_1), false,
                    Probe.Expect.REFUSED));
        }
        probes.add(probe("body: empty", op, path, json(headers), new byte[0], false, bodyOptional ? Probe.Expect.ANY : Probe.Expect.REFUSED));
        probes.add(probe("body: text/plain", op, path, withType(headers, "text/plain"), bytes(operations.sampleBody(op, ctx.ids())), false,
                Probe.Expect.REFUSED));
        probes.add(probe("body: application/xml", op, path, withType(headers, "application/xml"), "<a/>".getBytes(StandardCharsets.UTF_8),
                false, Probe.Expect.REFUSED));

        ObjectNode sample = operations.sampleBody(op, ctx.ids());
        Map<String, JsonNode> props = operations.properties(op.bodySchema());
        if (props.isEmpty() && op.path().endsWith("/decisions")) {
            props = new LinkedHashMap<>();
            props.put("purpose", NODES.objectNode().put("type", "string"));
            props.put("decision", NODES.objectNode().put("type", "string"));
            props.put("noticeHash", NODES.objectNode().put("type", "string"));
            sample.put("purpose", ctx.ids().get("purpose"));
            sample.put("decision", "GRANT");
            sample.put("noticeHash", "0".repeat(64));
        }
        for (Map.Entry<String, JsonNode> prop : props.entrySet()) {
            String field = prop.getKey();
            JsonNode schema = prop.getValue();
            String type = schema.has("enum") ? "enum" : schema.path("type").asText("string");
            Map<String, JsonNode> wrongs = new LinkedHashMap<>();
            switch (type) {
                case "string", "enum" -> {
                    wrongs.put("number", NODES.numberNode(4242424242L));
                    wrongs.put("zero", NODES.numberNode(0));
                    wrongs.put("float", NODES.numberNode(1.5));
                    wrongs.put("boolean", NODES.booleanNode(true));
                    wrongs.put("object", NODES.objectNode().put("x", 1));
                    wrongs.put("array", NODES.arrayNode().add("x"));
                    wrongs.put("NUL", NODES.textNode("a\u0000b"));
                    if (type.equals("enum")) {
                        wrongs.put("unknown constant", NODES.textNode("NOPE"));
                        wrongs.put("lower case", NODES.textNode(schema.get("enum").get(0).asText().toLowerCase()));
                    }
                }
                case "integer", "number" -> {
                    wrongs.put("string", NODES.textNode("30"));
                    wrongs.put("word", NODES.textNode("thirty"));
                    wrongs.put("boolean", NODES.booleanNode(true));
                    wrongs.put("object", NODES.objectNode());
                    wrongs.put("array", NODES.arrayNode().add(1));
                    wrongs.put("huge", NODES.numberNode(new java.math.BigInteger("9".repeat(60))));
                    if (type.equals("integer")) {
                        wrongs.put("fraction", NODES.numberNode(1.5));
                    }
                }
                case "boolean" -> {
                    wrongs.put("string", NODES.textNode("true"));
                    wrongs.put("number", NODES.numberNode(1));
                    wrongs.put("object", NODES.objectNode());
                }
                case "array" -> {
                    wrongs.put("string", NODES.textNode("FACE_1_1"));
                    wrongs.put("number", NODES.numberNode(0));
                    wrongs.put("array of numbers", NODES.arrayNode().add(0).add(1));
                    wrongs.put("array of NUL", NODES.arrayNode().add("a\u0000"));
                    wrongs.put("array of unknown constants", NODES.arrayNode().add("NOPE"));
                }
                case "object" -> {
                    wrongs.put("string", NODES.textNode("x"));
                    wrongs.put("number", NODES.numberNode(0));
                    wrongs.put("array", NODES.arrayNode());
                    ObjectNode nul = NODES.objectNode();
                    operations.properties(schema).forEach((k, v) -> nul.put(k, "a\u0000"));
                    wrongs.put("NUL inside", nul);
                    ObjectNode extra = ((ObjectNode) sample.get(field).deepCopy()).put("unknownInside", 1);
                    wrongs.put("unknown field inside", extra);
                }
                default -> {
                }
            }
            if (required.contains(field)) {
                wrongs.put("null", NODES.nullNode());
            }
            if (type.equals("string")) {
                // Odd but possibly valid values: they may succeed, but never with a 5xx
                Map<String, JsonNode> odd = new LinkedHashMap<>();
                odd.put("empty", NODES.textNode(""));
                odd.put("blank", NODES.textNode("   "));
                odd.put("right-to-left and emoji", NODES.textNode("\u202e\ud83d\ude00 \u0645\u0631\u062d\u0628\u0627"));
                odd.put("lone surrogate", NODES.textNode("a\ud800b"));
                odd.put("control characters", NODES.textNode("a\u0001\u001b[31mb"));
                odd.put("SQL", NODES.textNode("x'; DROP TABLE subject; --"));
                odd.put("HTML", NODES.textNode("<script>alert(1)</script>"));
                odd.forEach((label, value) -> {
                    ObjectNode body = sample.deepCopy();
                    body.set(field, value);
                    probes.add(probe("body " + field + ": " + label, op, path, json(headers), bytes(body), false, Probe.Expect.ANY));
                });
                int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
                ObjectNode longer = sample.deepCopy();
                longer.put(field, "L".repeat(30_000));
                probes.add(probe("body " + field + ": 30000 characters", op, path, json(headers), bytes(longer), false,
                        max < 30_000 ? Probe.Expect.REFUSED : Probe.Expect.ANY));
            }
            wrongs.forEach((label, value) -> {
                ObjectNode body = sample.deepCopy();
                body.set(field, value);
                probes.add(probe("body " + field + ": " + label, op, path, json(headers), bytes(body), false, Probe.Expect.REFUSED));
            });
            if (required.contains(field)) {
                ObjectNode missing = sample.deepCopy();
                missing.remove(field);
                probes.add(probe("body " + field + ": missing", op, path, json(headers), bytes(missing), false, Probe.Expect.REFUSED));
            }
            // the field twice: strict parsing refuses a duplicated key whatever its values
            String twice = bytesToString(sample).replaceFirst("\\{",
                    Matcher.quoteReplacement("{\"" + field + "\":" + sample.get(field) + ","));
            probes.add(probe("body " + field + ": duplicated key", op, path, json(headers), twice.getBytes(StandardCharsets.UTF_8), false,
                    Probe.Expect.REFUSED));
        }
        ObjectNode unknown = sample.deepCopy();
        unknown.put("isAdmin", true);
        probes.add(probe("body: unknown field", op, path, json(headers), bytes(unknown), false, Probe.Expect.REFUSED));
        for (String trailer : List.of("x", " {}", "]", "\u0000", "\n{\"again\":1}")) {
            probes.add(probe("body: trailing " + trailer.strip(), op, path, json(headers),
                    (bytesToString(sample) + trailer).getBytes(StandardCharsets.UTF_8), false, Probe.Expect.REFUSED));
        }
        probes.add(probe("body: 5000 nested arrays", op, path, json(headers),
                ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8), false, Probe.Expect.REFUSED));
        probes.add(probe("body: 100 nested objects", op, path, json(headers),
                ("{\"a\":".repeat(100) + "1" + "}".repeat(100)).getBytes(StandardCharsets.UTF_8), false, Probe.Expect.REFUSED));
        int oversize = op.path().startsWith("/api/v1/device/") ? 5 * 1024 * 1024 : 2 * 1024 * 1024;
        ObjectNode big = sample.deepCopy();
        big.put(props.keySet().stream().findFirst().orElse("pad"), "B".repeat(oversize));
        probes.add(probe("body: oversized with Content-Length", op, path, json(headers), bytes(big), false, Probe.Expect.REFUSED));
        probes.add(probe("body: oversized chunked", op, path, json(headers), bytes(big), true, Probe.Expect.REFUSED));
        return probes;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Operations anybody may call: redeeming an invitation, the public receipt key, the console's sign-in pages, and a
     * site's public notice and signs (the law wants them readable by every passer-by).
     */
    static boolean isPublic(Operations.Operation op) {
        return op.path().startsWith("/public/")
                || op.path().equals("/portal/{tenant}/session") || op.path().equals("/portal/{tenant}/receipt-key")
                || op.path().equals("/console/{tenant}/login") || op.path().equals("/console/{tenant}/callback")
                || op.path().equals("/operator/login") || op.path().equals("/operator/callback")
                || op.path().equals("/api/v1/staff-setup/{tenant}/password"); // the setup link in the body is the credential
    }

    /** The credentials a valid caller of the operation would send. */
    Map<String, String> auth(Operations.Operation op) {
        Map<String, String> headers = new LinkedHashMap<>();
        String path = op.path();
        if (path.startsWith("/api/v1/staff-setup/")) {
            return headers;
        } else if (path.startsWith("/api/v1/platform/")) {
            headers.put("Authorization", "Bearer " + ctx.operator().get());
        } else if (path.startsWith("/api/v1/tenants/")) {
            headers.put("Authorization", "Bearer " + ctx.admin().get());
        } else if (path.equals("/api/v1/device/guard-override")) {
            headers.put("Authorization", "Bearer " + ctx.guard().get());
        } else if (path.startsWith("/api/v1/device/")) {
            headers.put("Authorization", "Bearer " + ctx.device().get());
        } else if (path.startsWith("/portal/") && !isPublic(op)) {
            headers.put("Authorization", "Portal " + ctx.portalSession());
        } else if (path.startsWith("/console/") || path.startsWith("/operator/")) {
            headers.put("X-Consentry-Console", "1");
        }
        return headers;
    }

    /** The operation's path with its parameters filled: real ids unless {@code overrides} names a value. */
    String fill(Operations.Operation op, Map<String, String> overrides) {
        String[] segments = op.path().split("/");
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            out.append('/');
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String param = segment.substring(1, segment.length() - 1);
                String previous = segments[i - 1];
                out.append(overrides.containsKey(param) ? overrides.get(param) : idFor(param, previous));
            } else {
                out.append(segment);
            }
        }
        return out.toString();
    }

    private String idFor(String param, String previousSegment) {
        return switch (param) {
            case "tenant", "slug" -> ctx.tenant();
            case "site" -> ctx.ids().get("siteId");
            case "device" -> ctx.ids().get("deviceId");
            case "credential" -> ctx.ids().get("credentialId");
            case "subject" -> ctx.ids().get("subjectId");
            case "code", "purpose" -> ctx.ids().get("purpose");
            case "id" -> switch (previousSegment) {
                case "subjects" -> ctx.ids().get("subjectId");
                case "exports" -> ctx.ids().get("exportId");
                case "receipts" -> ctx.ids().get("receiptId");
                default -> java.util.UUID.randomUUID().toString();
            };
            default -> java.util.UUID.randomUUID().toString();
        };
    }

    private static Probe probe(String category, Operations.Operation op, String path, Map<String, String> headers, byte[] body,
                               boolean chunked, Probe.Expect expect) {
        return new Probe(category, op.id(), op.method().toUpperCase(), path, headers, body, chunked, expect);
    }

    private static Map<String, String> json(Map<String, String> headers) {
        return withType(headers, "application/json");
    }

    private static Map<String, String> withType(Map<String, String> headers, String type) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.put("Content-Type", type);
        return out;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bytesToString(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }
}
