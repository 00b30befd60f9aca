package io.consentry.audit;

/** STUB of the lead's audit contract (replaced when main's audit log is merged). */
public enum ActorType { USER, DEVICE, SUBJECT, SYSTEM }
