package io.consentry.core.audit;

import java.util.Objects;

/** Who did something. The id is a username, a device client id, a subject reference or a job name — never a secret. */
public record Actor(ActorType type, String id) {

    public Actor {
        Objects.requireNonNull(type, "type");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("An audit actor needs an id");
        }
    }

    public static Actor user(String username) {
        return new Actor(ActorType.USER, username);
    }

    public static Actor device(String clientId) {
        return new Actor(ActorType.DEVICE, clientId);
    }

    public static Actor subject(String subjectRef) {
        return new Actor(ActorType.SUBJECT, subjectRef);
    }

    public static Actor system(String job) {
        return new Actor(ActorType.SYSTEM, job);
    }
}
