package io.consentry.core.problem;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

import java.sql.SQLException;
import java.util.Optional;

/**
 * What a failure from the database means for the client. Reaching here means no check in the code caught the case
 * first — two identical requests at the same moment, a value the database refuses, the database gone — and none of
 * those is the platform failing: each has its own 4xx or 503 instead of a 500. The transaction was rolled back in
 * every case, so nothing was half-written.
 */
final class PersistenceProblems {

    private PersistenceProblems() {
    }

    static Optional<Problem> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return Optional.of(concurrent());
            }
            if (cause instanceof SQLException sql) {
                Optional<Problem> problem = ofSqlState(sql);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> ofSqlState(SQLException e) {
        String state = e.getSQLState();
        String message = String.valueOf(e.getMessage());
        if (state == null) {
            // Agroal reports an exhausted or unreachable pool without a SQL state.
            return message.contains("acquisition timeout") || message.contains("Connection refused")
                    ? Optional.of(unavailable()) : Optional.empty();
        }
        if (state.equals("23505") || state.equals("23503") || state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
            return Optional.of(concurrent());
        }
        if (state.equals("22021")) {
            return Optional.of(Problem.of(ProblemCode.INVALID_CHARACTER, "A value holds a character the platform does not accept."));
        }
        if (state.startsWith("22") || state.equals("23502") || state.equals("23514")) {
            return Optional.of(Problem.of(ProblemCode.INVALID_VALUE, "A value of the request is not acceptable (too long, out of range or badly formed)."));
        }
        if (state.equals("57014")) {
            return Optional.of(Problem.of(ProblemCode.REQUEST_TIMEOUT, 503, "The database did not answer in time; nothing was changed. Try again."));
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") || state.equals("53300")) {
            return Optional.of(unavailable());
        }
        return Optional.empty();
    }

    private static Problem concurrent() {
        return Problem.of(ProblemCode.CONCURRENT_UPDATE, "Another request created or changed the same thing at the same moment; "
                + "nothing of this request was kept. Reload and try again.");
    }

    private static Problem unavailable() {
        return Problem.of(ProblemCode.DATABASE_UNAVAILABLE, "The database cannot be reached right now; nothing was changed. Try again in a moment.");
    }
}
