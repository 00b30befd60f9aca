package io.consentry.purpose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The canonical JSON of a structured notice: keys sorted at every level, no nulls, no whitespace. The stored string is
 * what the content hash covers; anyone can recompute SHA-256 over it.
 */
final class NoticeJson {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private NoticeJson() {
    }

    static String write(StructuredNotice notice) {
        try {
            return CANONICAL.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A structured notice could not be written", e);
        }
    }

    static StructuredNotice read(String json) {
        try {
            return CANONICAL.readValue(json, StructuredNotice.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored structured notice is unreadable", e);
        }
    }
}
