package io.consentry.face.convert;

import io.consentry.face.npm.NpmTarball;
import io.consentry.face.npm.Sha256;
import io.consentry.face.packbuild.PackTemplate;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The converter on the real face-api tarball: two conversions give the same bytes, and those are the bytes the fused
 * pack's template pins. What the converted model computes is checked where a runtime is at hand: the engine's
 * {@code model.DlibRecogniserTest} runs it on ONNX Runtime and OpenCV DNN against face-api's own output.
 */
class ConversionTest {
    static final String FUSED_PACK = "faceplugin-dlib-0.1";

    static NpmTarball faceApi() {
        String cache = System.getProperty("consentry.npm.cache", Path.of(System.getProperty("user.home"), ".cache/consentry/npm").toString());
        NpmTarball t = new NpmTarball(Path.of(cache, "vladmandic-face-api-1.7.15.tgz"));
        // fetched by the face-engine build (npm pack), which runs after this module on a machine's very first build
        assumeTrue(t.exists(), "face-api tarball not in the npm cache " + cache);
        return t;
    }

    @Test
    void conversionIsDeterministicAndMatchesThePinnedHash() throws Exception {
        NpmTarball tgz = faceApi();
        PackTemplate fused = PackTemplate.pinned(FUSED_PACK);
        assertThat(tgz.sha256()).as("the pinned face-api tarball").isEqualTo(fused.require("pack.source2.sha256"));
        byte[] a = FaceApiConverter.convert(tgz);
        byte[] b = FaceApiConverter.convert(tgz);
        assertThat(b).as("a second conversion").isEqualTo(a);
        assertThat(Sha256.of(a)).isEqualTo(fused.sha256("embed2"));
    }
}
