package io.consentry.devstack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The child-JVM side of {@link TestStack}: starts an ephemeral {@link DevStack}, writes its api
 * configuration to the file named by the first argument, prints {@link #READY}, and runs until its
 * standard input closes - which happens when the parent test JVM exits, however it exits (even
 * kill -9) - then stops everything and deletes the state.
 */
public final class StackServer {

    static final String READY = "CONSENTRY-DEVSTACK-READY";
    static final String FAILED = "CONSENTRY-DEVSTACK-FAILED: ";
    static final String S3_STOP = "S3-STOP";
    static final String S3_START = "S3-START";
    static final String POSTGRES_STOP = "PG-STOP";
    static final String POSTGRES_START = "PG-START";
    static final String KEYCLOAK_STOP = "KC-STOP";
    static final String KEYCLOAK_START = "KC-START";
    static final String ACK = "CONSENTRY-DEVSTACK-DONE: ";

    private StackServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: StackServer <config-output-file>");
            System.exit(2);
        }
        DevStack stack;
        try {
            stack = DevStack.start(DevStack.Options.ephemeral().withProgress(System.out::println));
            writeConfig(stack, Path.of(args[0]));
        } catch (RuntimeException e) {
            System.out.println(FAILED + e.getMessage().replace('\n', ' '));
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(READY);
        System.out.flush();
        // Block until the parent closes our stdin (normal stop) or dies (the pipe closes with it).
        // Lines on stdin are commands for outage tests: S3-STOP / S3-START, PG-STOP / PG-START, KC-STOP / KC-START,
        // acknowledged on stdout.
        java.io.BufferedReader commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            try {
                switch (command.strip()) {
                    case S3_STOP -> stack.stopS3();
                    case S3_START -> stack.restartS3();
                    case POSTGRES_STOP -> stack.stopPostgres();
                    case POSTGRES_START -> stack.restartPostgres();
                    case KEYCLOAK_STOP -> stack.stopKeycloak();
                    case KEYCLOAK_START -> stack.restartKeycloak();
                    default -> {
                        continue;
                    }
                }
                System.out.println(ACK + command.strip());
            } catch (RuntimeException e) {
                System.out.println(ACK + command.strip() + " FAILED " + e.getMessage());
            }
            System.out.flush();
        }
        stack.close();
        System.exit(0);
    }

    private static void writeConfig(DevStack stack, Path file) throws IOException {
        Properties config = new Properties();
        config.putAll(stack.testConfig());
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(writer, "api configuration of a test dev stack");
        }
    }
}
