package io.consentry.cellmove;

/** The steps of a move, in order. */
public enum MoveStep {
    STARTING, SCHEMA, OBJECTS, REALM, SWITCH, CLEANUP, FINISHED
}
