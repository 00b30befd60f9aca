package io.consentry.cellmove;

/** Where a move ended, or that it is still under way. */
public enum MoveState {
    RUNNING,
    /** The tenant lives on the target cell and nothing of it remains on the old one. */
    DONE,
    /** The tenant lives on the target cell, but something named in {@code leftovers} remains on the old one. */
    DONE_WITH_LEFTOVERS,
    /** The move gave up before the switch: whatever it made on the target is gone, the tenant stays where it was. */
    FAILED
}
