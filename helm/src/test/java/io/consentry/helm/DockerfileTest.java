package io.consentry.helm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The api Dockerfile (not built here: no container engine) and the chart agree with each other. */
class DockerfileTest {

  static final Path DOCKERFILE = Chart.MODULE_DIR.resolve("../api/src/main/docker/Dockerfile.jvm").normalize();
  static String dockerfile;

  @BeforeAll
  static void read() throws IOException {
    dockerfile = Files.readString(DOCKERFILE);
  }

  @Test
  void runsAsTheNumericNonRootUserTheChartExpects() {
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$").matcher(dockerfile);
    assertThat(user.find()).as("a numeric USER (runAsNonRoot can only verify numeric users)").isTrue();
    long uid = Long.parseLong(user.group(1));
    assertThat(uid).isNotZero();
    assertThat(Chart.render(Chart.withMasterKey()).apiDeployment().getSpec().getTemplate().getSpec()
        .getSecurityContext().getRunAsUser()).isEqualTo(uid);
  }

  @Test
  void usesTheQuarkusFastJarAndShipsTheModelPack() {
    assertThat(dockerfile).contains("COPY api/target/quarkus-app/lib/")
        .contains("COPY api/target/quarkus-app/app/")
        .contains("COPY api/target/quarkus-app/quarkus/")
        .contains("quarkus-run.jar")
        .contains("COPY face-engine/target/model-packs/ /opt/consentry/model-packs/")
        .contains("CONSENTRY_ENGINE_PACK_DIR=/opt/consentry/model-packs")
        .contains("-Djava.io.tmpdir=/tmp")
        .containsPattern("(?m)^EXPOSE 8080$");
  }

  @Test
  void documentedImageAndTagAreTheChartDefault() {
    Matcher tag = Pattern.compile("docker build -f api/src/main/docker/Dockerfile.jvm -t (\\S+) \\.").matcher(dockerfile);
    assertThat(tag.find()).isTrue();
    assertThat(Chart.render(Chart.withMasterKey()).apiContainer().getImage()).isEqualTo(tag.group(1));
  }
}
