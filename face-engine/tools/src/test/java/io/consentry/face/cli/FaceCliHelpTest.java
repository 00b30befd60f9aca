package io.consentry.face.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command of the CLI answers --help with its usage, cleanly: exit 0, no picocli warning about its text. */
class FaceCliHelpTest {

    @Test
    void everySubcommandAcceptsHelpAndItsTextFormatsCleanly() {
        // picocli reports a description it cannot format on System.err, not on the command's own writer.
        java.io.PrintStream realErr = System.err;
        java.io.ByteArrayOutputStream tracer = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(tracer, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            helpOfEveryCommand();
        } finally {
            System.setErr(realErr);
        }
        assertThat(tracer.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Could not format").doesNotContain("WARN");
    }

    private static void helpOfEveryCommand() {
        CommandLine root = new CommandLine(new FaceCli());
        assertThat(root.getSubcommands()).isNotEmpty();
        for (String name : root.getSubcommands().keySet()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new FaceCli());
            cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
            int rc = cli.execute(name, "--help");
            assertThat(rc).as(name + " --help").isZero();
            assertThat(out.toString()).as(name).contains("Usage: face-engine " + name);
            assertThat(out.toString() + err).as(name).doesNotContain("Could not format").doesNotContain("WARN");
        }
    }
}
