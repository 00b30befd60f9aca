package io.consentry.audit;

/** STUB of the lead's audit contract (replaced when main's audit log is merged). */
public record Actor(ActorType type, String id) {
    public static Actor user(String id) { return new Actor(ActorType.USER, id); }
    public static Actor device(String id) { return new Actor(ActorType.DEVICE, id); }
    public static Actor subject(String id) { return new Actor(ActorType.SUBJECT, id); }
    public static Actor system(String id) { return new Actor(ActorType.SYSTEM, id); }
}
