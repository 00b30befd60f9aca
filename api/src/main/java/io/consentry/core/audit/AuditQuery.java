package io.consentry.core.audit;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.quarkus.panache.common.Parameters;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Filters of the audit list and export, turned into one Panache query. */
record AuditQuery(String from, String to, String action, String actorId, String subjectRef, String purpose, String outcome) {

    String where(Parameters parameters) {
        List<String> clauses = new ArrayList<>();
        if (from != null) {
            clauses.add("occurredAt >= :from");
            parameters.and("from", instant("from", from));
        }
        if (to != null) {
            clauses.add("occurredAt < :to");
            parameters.and("to", instant("to", to));
        }
        equal(clauses, parameters, "action", action);
        equal(clauses, parameters, "actorId", actorId);
        equal(clauses, parameters, "subjectRef", subjectRef);
        equal(clauses, parameters, "purpose", purpose);
        equal(clauses, parameters, "outcome", outcome);
        return clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
    }

    private static void equal(List<String> clauses, Parameters parameters, String field, String value) {
        if (value != null && !value.isBlank()) {
            clauses.add(field + " = :" + field);
            parameters.and(field, value);
        }
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(ProblemCode.INVALID_PARAMETER, "The parameter '" + name + "' must be an ISO-8601 instant such as 2026-11-27T08:00:00Z.");
        }
    }
}
