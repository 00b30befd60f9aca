package io.consentry.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator README documents every value the schema allows, and the schema covers values.yaml. */
class ReadmeTest {

  @Test
  void everyValueIsInTheReadmeTable() throws IOException {
    String readme = Files.readString(Chart.CHART_DIR.resolve("README.md"));
    List<String> paths = documentedPaths();
    assertThat(paths).hasSizeGreaterThan(50);
    assertThat(paths).allSatisfy(p -> assertThat(readme).as("README.md row for %s", p).contains("| `" + p + "` |"));
    assertThat(readme).contains("## Install", "## Upgrade", "## Scale out", "## Backup and restore",
        "## Master-key rotation", "Citus", "distributed");
  }

  /** Leaves of the schema: recurse into closed objects (additionalProperties: false), except resources. */
  static List<String> documentedPaths() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(Chart.CHART_DIR.resolve("values.schema.json").toFile());
    List<String> out = new ArrayList<>();
    walk(schema, "", out);
    return out;
  }

  private static void walk(JsonNode node, String path, List<String> out) {
    boolean closed = "object".equals(node.path("type").asText()) && node.path("additionalProperties").isBoolean()
        && !node.path("additionalProperties").asBoolean();
    if (closed && !path.endsWith("resources")) {
      Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals("global")) {
          walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
        }
      }
    } else {
      out.add(path);
    }
  }
}
