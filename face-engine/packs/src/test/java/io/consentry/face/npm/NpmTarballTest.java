package io.consentry.face.npm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpmTarballTest {
    static final String LONG = "package/" + "deep/".repeat(25) + "weights.bin";

    static Map<String, byte[]> files() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("package/package.json", "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8));
        f.put("package/model/big.onnx", new byte[70_000]); // more than one read buffer, not a multiple of 512
        f.put(LONG, "past the 100-character name field".getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Test
    void readsTheNamedRegularFilesOnlyIncludingUstarPrefixedNames(@TempDir Path dir) throws Exception {
        NpmTarball t = new NpmTarball(TestTarballs.write(dir.resolve("p.tgz"), files()));
        assertThat(LONG.length()).isGreaterThan(100);
        Map<String, byte[]> got = t.read(Set.of("package/package.json", LONG, "package/", "package/absent"));
        assertThat(got).containsOnlyKeys("package/package.json", LONG);
        assertThat(new String(got.get(LONG), StandardCharsets.UTF_8)).isEqualTo("past the 100-character name field");
        assertThat(got.get("package/package.json")).isEqualTo(files().get("package/package.json"));
    }

    @Test
    void extractsWithTheDigestOfWhatWasWritten(@TempDir Path dir) throws Exception {
        NpmTarball t = new NpmTarball(TestTarballs.write(dir.resolve("p.tgz"), files()));
        Path out = dir.resolve("big.onnx");
        Map<String, String> sha = t.extract(Map.of("package/model/big.onnx", out, "package/none", dir.resolve("none")));
        assertThat(sha).containsOnlyKeys("package/model/big.onnx");
        assertThat(Files.readAllBytes(out)).isEqualTo(new byte[70_000]);
        assertThat(sha.get("package/model/big.onnx")).isEqualTo(Sha256.of(new byte[70_000])).isEqualTo(Sha256.of(out));
        assertThat(Files.exists(dir.resolve("none"))).isFalse();
        assertThat(t.sha256()).isEqualTo(Sha256.of(t.file()));
    }

    @Test
    void aTruncatedArchiveIsAnErrorNotAShortFile(@TempDir Path dir) throws Exception {
        NpmTarball t = new NpmTarball(TestTarballs.writeTruncated(dir.resolve("t.tgz"), "package/a.onnx", new byte[2000], 1500));
        assertThatThrownBy(() -> t.read(Set.of("package/a.onnx"))).isInstanceOf(IOException.class).hasMessageContaining("truncated");
    }

    @Test
    void sha256IsTheKnownDigest() {
        assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
