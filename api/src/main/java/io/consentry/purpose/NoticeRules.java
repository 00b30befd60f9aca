package io.consentry.purpose;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.Problem;
import io.consentry.core.problem.ProblemCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a structured notice must hold (issue 17, item 3; PIPL arts. 17 and 30, the 2025 face-recognition measures):
 * the purpose, the method (agreeing with the purpose's kind), where processing happens, retention, the person's rights,
 * necessity and impact, the alternatives, and the receipt terms. Every gap is named in one 400, as
 * {@code <prefix>.<field>} (e.g. {@code noticeContent.texts.zh.rights}).
 */
final class NoticeRules {

    static final Set<String> LANGUAGES = Set.of("en", "zh");
    static final String EXPLICIT = "EXPLICIT";
    private static final int MAX_TEXT = 4000;
    private static final int MAX_CATEGORIES = 10;

    private NoticeRules() {
    }

    /** Checks the content for a purpose of {@code kind} whose notice is written first in {@code language}. */
    static void check(String prefix, NoticeContent c, PurposeKind kind, String language) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (c == null) {
            errors.add(new Problem.FieldError(prefix, "required: the structured notice (method, processingLocation, texts, …)"));
            throw invalid(errors);
        }
        if (c.method() == null) {
            errors.add(required(prefix, "method"));
        } else if (c.method() != NoticeMethod.of(kind)) {
            errors.add(new Problem.FieldError(prefix + ".method", "must be " + NoticeMethod.of(kind) + " for a " + kind + " purpose"));
        }
        if (c.processingLocation() == null) {
            errors.add(required(prefix, "processingLocation"));
        }
        categories(errors, prefix, "purposeCategory", c.purposeCategory());
        categories(errors, prefix, "piiCategory", c.piiCategory());
        if (blank(c.consentType())) {
            errors.add(required(prefix, "consentType"));
        } else if (!EXPLICIT.equals(c.consentType())) {
            errors.add(new Problem.FieldError(prefix + ".consentType", "must be EXPLICIT: face processing needs the person's explicit, separate consent"));
        }
        if (c.thirdPartyDisclosure() == null) {
            errors.add(required(prefix, "thirdPartyDisclosure"));
        } else if (c.thirdPartyDisclosure() && blank(c.thirdPartyName())) {
            errors.add(new Problem.FieldError(prefix + ".thirdPartyName", "required when thirdPartyDisclosure is true: name to whom"));
        }
        tooLong(errors, prefix + ".thirdPartyName", c.thirdPartyName(), 500);
        Map<String, NoticeTexts> texts = c.texts() == null ? Map.of() : c.texts();
        for (String lang : texts.keySet()) {
            if (!LANGUAGES.contains(lang)) {
                errors.add(new Problem.FieldError(prefix + ".texts." + lang, "unsupported language: use en or zh"));
            }
        }
        if (!texts.containsKey(language)) {
            errors.add(new Problem.FieldError(prefix + ".texts." + language, "required: the wording in the notice's language (" + language + ")"));
        }
        texts.forEach((lang, t) -> {
            if (LANGUAGES.contains(lang)) {
                texts(errors, prefix + ".texts." + lang, t);
            }
        });
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    /** The language a notice is published in: the one asked for, else the controller's first language if written. */
    static String language(String requested, NoticeContent c, String controllerDefault) {
        if (requested != null && !requested.isBlank()) {
            String lang = requested.strip().toLowerCase();
            if (!LANGUAGES.contains(lang)) {
                throw invalid(List.of(new Problem.FieldError("language", "unsupported language: use en or zh")));
            }
            return lang;
        }
        Set<String> given = c == null || c.texts() == null ? Set.of() : c.texts().keySet();
        if (given.contains(controllerDefault) || given.isEmpty()) {
            return controllerDefault;
        }
        return given.contains("en") ? "en" : given.iterator().next();
    }

    private static void texts(List<Problem.FieldError> errors, String path, NoticeTexts t) {
        if (t == null) {
            errors.add(new Problem.FieldError(path, "required"));
            return;
        }
        String[][] required = {{"purpose", t.purpose()}, {"retention", t.retention()}, {"rights", t.rights()},
                {"necessityAndImpact", t.necessityAndImpact()}, {"alternatives", t.alternatives()}, {"termination", t.termination()}};
        for (String[] field : required) {
            if (blank(field[1])) {
                errors.add(required(path, field[0]));
            }
            tooLong(errors, path + "." + field[0], field[1], MAX_TEXT);
        }
        tooLong(errors, path + ".title", t.title(), 200);
        tooLong(errors, path + ".summary", t.summary(), MAX_TEXT);
    }

    private static void categories(List<Problem.FieldError> errors, String prefix, String field, List<String> values) {
        if (values == null || values.isEmpty() || values.stream().allMatch(NoticeRules::blank)) {
            errors.add(required(prefix, field));
        } else if (values.size() > MAX_CATEGORIES || values.stream().anyMatch(v -> blank(v) || v.length() > 100)) {
            errors.add(new Problem.FieldError(prefix + "." + field, "at most " + MAX_CATEGORIES + " non-empty names of at most 100 characters"));
        }
    }

    private static void tooLong(List<Problem.FieldError> errors, String path, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new Problem.FieldError(path, "at most " + max + " characters"));
        }
    }

    private static Problem.FieldError required(String prefix, String field) {
        return new Problem.FieldError(prefix + "." + field, "required");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static ApiException invalid(List<Problem.FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
        return new ApiException(ProblemCode.VALIDATION_FAILED, "The notice is incomplete or invalid: " + detail + ".", errors);
    }
}
