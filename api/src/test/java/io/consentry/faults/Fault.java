package io.consentry.faults;

import io.consentry.testing.RealServers;

/** A server of the test stack that the fault suite stops and starts again (same port, same data). */
enum Fault {
    OBJECT_STORE("S3 (S3Proxy)", "s3") {
        @Override
        void inject() {
            RealServers.stopS3();
        }

        @Override
        void repair() {
            RealServers.startS3();
        }
    },
    POSTGRESQL("PostgreSQL", "pg") {
        @Override
        void inject() {
            RealServers.stopPostgres();
        }

        @Override
        void repair() {
            RealServers.startPostgres();
        }
    },
    KEYCLOAK("Keycloak", "kc") {
        @Override
        void inject() {
            RealServers.stopKeycloak();
        }

        @Override
        void repair() {
            RealServers.startKeycloak();
        }
    };

    private final String server;
    private final String tag;

    Fault(String server, String tag) {
        this.server = server;
        this.tag = tag;
    }

    /** Short, for tenant slugs. */
    String tag() {
        return tag;
    }

    String server() {
        return server;
    }

    abstract void inject();

    abstract void repair();
}
