package io.consentry.subjectrequest;

/** What the subject asks for (PIPL arts. 45–47, GDPR arts. 15–17): a copy of their data, a correction, an erasure. */
public enum RequestType { ACCESS, CORRECTION, ERASURE }
