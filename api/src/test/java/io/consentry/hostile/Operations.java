package io.consentry.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The operations of the served OpenAPI document, with what a valid request to each looks like. */
final class Operations {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One operation: its parameters and, when it takes JSON, the schema of its body. */
    record Operation(String method, String path, List<Param> params, JsonNode bodySchema, boolean rawBody) {

        String id() {
            return method.toUpperCase() + " " + path;
        }

        boolean hasJsonBody() {
            return bodySchema != null;
        }
    }

    record Param(String name, String in, JsonNode schema) {
    }

    private final JsonNode document;

    Operations(JsonNode document) {
        this.document = document;
    }

    List<Operation> all() {
        List<Operation> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            List<Param> params = new ArrayList<>();
            for (JsonNode p : op.getValue().path("parameters")) {
                params.add(new Param(p.get("name").asText(), p.get("in").asText(), resolve(p.path("schema"))));
            }
            JsonNode content = op.getValue().path("requestBody").path("content");
            JsonNode jsonSchema = content.has("application/json") ? resolve(content.get("application/json").path("schema")) : null;
            boolean raw = content.has("*/*");
            operations.add(new Operation(op.getKey(), path.getKey(), params, jsonSchema, raw));
        }));
        return operations;
    }

    /** The methods the document defines for a path. */
    Set<String> methodsOf(String path) {
        Set<String> methods = new java.util.HashSet<>();
        document.path("paths").path(path).fieldNames().forEachRemaining(methods::add);
        return methods;
    }

    /** Follows a $ref into components/schemas. */
    JsonNode resolve(JsonNode schema) {
        if (schema != null && schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            return resolve(document.path("components").path("schemas").path(name));
        }
        return schema;
    }

    /** Properties of an object schema, resolved, in document order. */
    Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (schema == null) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), resolve(e.getValue()));
        }
        return out;
    }

    Set<String> required(JsonNode schema) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (schema != null) {
            schema.path("required").forEach(r -> out.add(r.asText()));
        }
        return out;
    }

    /** A plausible valid value for the schema (ids from {@code ids} where the property names one). */
    JsonNode sample(String name, JsonNode schema, Map<String, String> ids) {
        if (schema == null || schema.isMissingNode()) {
            return JSON.textNode("x");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asText("string");
        String format = schema.path("format").asText("");
        switch (type) {
            case "integer":
                return JSON.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
            case "number":
                return JSON.numberNode(0.001);
            case "boolean":
                return JSON.booleanNode(false);
            case "array": {
                ArrayNode array = JSON.arrayNode();
                array.add(sample(name, resolve(schema.path("items")), ids));
                return array;
            }
            case "object": {
                ObjectNode object = JSON.objectNode();
                properties(schema).forEach((k, v) -> object.set(k, sample(k, v, ids)));
                return object;
            }
            default:
                if ("uuid".equals(format)) {
                    return JSON.textNode(ids.getOrDefault(name, java.util.UUID.randomUUID().toString()));
                }
                return JSON.textNode(ids.getOrDefault(name, "hostile " + name));
        }
    }

    /** A valid-looking body for the operation. */
    ObjectNode sampleBody(Operation op, Map<String, String> ids) {
        ObjectNode body = JSON.objectNode();
        properties(op.bodySchema()).forEach((k, v) -> body.set(k, sample(k, v, ids)));
        return body;
    }
}
