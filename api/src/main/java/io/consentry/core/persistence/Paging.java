package io.consentry.core.persistence;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;

/**
 * Page parameters of list routes. The offset (page × size) must stay a sane number: {@code ?page=2147483647} used to
 * overflow it into a negative offset that PostgreSQL refused with a 500.
 */
public final class Paging {

    /** Deeper than any list of this API is paged (rows skipped). */
    public static final long MAX_OFFSET = 10_000_000;
    /** The highest page number a list route accepts: MAX_OFFSET at the largest page size (500). */
    public static final int MAX_PAGE = 20_000;

    private Paging() {
    }

    /** Refuses with 400 {@code invalid_parameter} unless 0 ≤ page, 1 ≤ size ≤ maxSize and page × size ≤ MAX_OFFSET. */
    public static void check(int page, int size, int maxSize) {
        if (page < 0 || size < 1 || size > maxSize) {
            throw new ApiException(ProblemCode.INVALID_PARAMETER, "page must be ≥ 0 and size between 1 and " + maxSize + ".");
        }
        if ((long) page * size > MAX_OFFSET) {
            throw new ApiException(ProblemCode.INVALID_PARAMETER, "page × size may be at most " + MAX_OFFSET + "; narrow the query instead.");
        }
    }
}
