package io.consentry.tenants.realm;

public class RealmException extends RuntimeException {
    public RealmException(String message) {
        super(message);
    }

    public RealmException(String message, Throwable cause) {
        super(message, cause);
    }
}
