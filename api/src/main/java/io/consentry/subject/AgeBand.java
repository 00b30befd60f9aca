package io.consentry.subject;

/**
 * What an admin declares when a subject's birth date is not known: below the age of consent (a guardian decides) or
 * at or above it. A known birth date always wins over a band.
 */
public enum AgeBand { MINOR, ADULT }
