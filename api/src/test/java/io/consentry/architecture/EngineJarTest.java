package io.consentry.architecture;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The face-engine library the api runs on ships the engine only (issue 16): its CLI and evaluation are
 * face-engine/tools, its pack build and model converter face-engine/packs, and neither they nor the libraries only
 * they need reach the api's class path.
 */
class EngineJarTest {

    @Test
    void theApisClassPathHoldsTheEngineAndNoneOfItsTools() {
        ClassLoader cl = EngineJarTest.class.getClassLoader();
        // the lookup works: the engine and its pack manifest are there
        assertThat(cl.getResource("io/consentry/face/FaceEngine.class")).isNotNull();
        assertThat(cl.getResource("io/consentry/face/pack/ModelPack.class")).isNotNull();
        for (String tool : List.of(
                "io/consentry/face/cli/FaceCli.class",              // the CLI (tools)
                "io/consentry/face/cli/BenchCommand.class",         // bench (tools)
                "io/consentry/face/eval/Metrics.class",             // eval (tools)
                "io/consentry/face/eval/ScoreCurves.class",
                "io/consentry/face/convert/FaceApiConverter.class", // the model converter (packs)
                "io/consentry/face/packbuild/PackBuilder.class",    // the pack build (packs)
                "io/consentry/face/pack/PackBuilder.class",         // ... and where it used to be
                "picocli/CommandLine.class",                        // the CLI's library
                "org/knowm/xchart/XYChart.class",                   // eval's charts
                "org/openjdk/jmh/Main.class")) {                    // the benchmarks' harness
            assertThat(cl.getResource(tool)).as(tool).isNull();
        }
    }
}
