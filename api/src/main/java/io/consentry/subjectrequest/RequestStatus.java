package io.consentry.subjectrequest;

/** OPEN (filed), IN_PROGRESS (an admin took it), ANSWERED (answered; an erasure was carried out), REJECTED (refused, with reasons). */
public enum RequestStatus { OPEN, IN_PROGRESS, ANSWERED, REJECTED }
