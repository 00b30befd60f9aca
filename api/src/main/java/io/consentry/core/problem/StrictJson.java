package io.consentry.core.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Request bodies mean exactly what they say. Jackson's lenient defaults turned {@code "slug": 4242424242} into the
 * string "4242424242", {@code "decision": 0} into the first enum constant (a guard override recorded as GRANTED),
 * accepted trailing garbage after the document and let the last of two duplicated keys win; a NUL character reached
 * PostgreSQL, which refuses it with an error. Every one of those is now a 400 problem before any code runs.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** Deeper than any request of this API nests; deeper documents are refused before they are walked. */
    static final int MAX_NESTING = 32;
    /** Longest string value of any request (a base64 camera frame is ~5.6 MB). */
    static final int MAX_STRING = 16 * 1024 * 1024;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).maxStringLength(MAX_STRING).maxNumberLength(100).build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // No scalar becomes another kind of scalar: a number is not a string, a string is not a number or a boolean.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType numeric : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(numeric)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("consentry-strict-strings").addDeserializer(String.class, new NoNulStrings()));
    }

    /** A string value with U+0000: reported as {@code invalid_character}, naming the field. */
    static final class NulCharacter extends InvalidFormatException {
        NulCharacter(JsonParser p) {
            super(p, "contains a NUL character", "\\u0000", String.class);
        }
    }

    /** Strings only from JSON strings, and never with U+0000 (PostgreSQL cannot store it in text). */
    static final class NoNulStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                if (p.hasToken(JsonToken.VALUE_NULL)) {
                    return null;
                }
                if (p.currentToken() != null && p.currentToken().isScalarValue()) {
                    throw InvalidFormatException.from(p, "expected a JSON string", p.getText(), String.class);
                }
                return super.deserialize(p, ctxt); // objects/arrays: Jackson's own mismatch error
            }
            String value = p.getText();
            if (value.indexOf('\u0000') >= 0) {
                throw new NulCharacter(p);
            }
            return value;
        }
    }
}
