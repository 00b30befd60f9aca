package io.consentry.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for the two Kubernetes API calls Helm's {@code lookup} makes for Secrets
 * (discovery of /api/v1 and GET of one Secret). helm-java's template command evaluates
 * {@code lookup} against the kubeconfig's cluster, so the tests point KUBECONFIG (set by Surefire)
 * at this server: the chart's "reuse the generated password on upgrade" logic is then tested for real.
 */
final class FakeKubeApi {

  private static final Pattern SECRET = Pattern.compile("^/api/v1/namespaces/([^/]+)/secrets/([^/?]+)$");
  private static final FakeKubeApi INSTANCE = start();

  /** namespace/name -> (key -> plain value). */
  private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();
  private final HttpServer server;

  private FakeKubeApi(HttpServer server) {
    this.server = server;
  }

  static FakeKubeApi get() {
    return INSTANCE;
  }

  void putSecret(String namespace, String name, Map<String, String> data) {
    secrets.put(namespace + "/" + name, Map.copyOf(data));
  }

  void clear() {
    secrets.clear();
  }

  private static FakeKubeApi start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeKubeApi api = new FakeKubeApi(server);
      server.createContext("/", api::handle);
      server.start();
      writeKubeconfig(server.getAddress().getPort());
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeKubeconfig(int port) throws IOException {
    String path = System.getenv("KUBECONFIG");
    if (path == null || path.isBlank() || path.equals("/dev/null")) {
      throw new IllegalStateException("KUBECONFIG must name a writable file (set by Surefire in helm/pom.xml)");
    }
    Path file = Path.of(path);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: fake",
        "  cluster:",
        "    server: http://127.0.0.1:" + port,
        "users:",
        "- name: fake",
        "  user: {}",
        "contexts:",
        "- name: fake",
        "  context:",
        "    cluster: fake",
        "    user: fake",
        "current-context: fake",
        ""));
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, status(405, "MethodNotAllowed", "read-only fake"));
      } else if (path.equals("/api/v1")) {
        send(exchange, 200, "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"v1\","
            + "\"resources\":[{\"name\":\"secrets\",\"singularName\":\"secret\",\"namespaced\":true,"
            + "\"kind\":\"Secret\",\"verbs\":[\"get\",\"list\"]}]}");
      } else if (path.equals("/api")) {
        send(exchange, 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}");
      } else if (path.equals("/apis")) {
        send(exchange, 200, "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}");
      } else {
        Matcher m = SECRET.matcher(path);
        Map<String, String> data = m.matches() ? secrets.get(m.group(1) + "/" + m.group(2)) : null;
        if (data == null) {
          send(exchange, 404, status(404, "NotFound", "not found: " + path));
        } else {
          StringBuilder json = new StringBuilder("{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"")
              .append(m.group(2)).append("\",\"namespace\":\"").append(m.group(1)).append("\"},\"data\":{");
          String sep = "";
          for (Map.Entry<String, String> e : data.entrySet()) {
            json.append(sep).append('"').append(e.getKey()).append("\":\"")
                .append(Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))).append('"');
            sep = ",";
          }
          send(exchange, 200, json.append("}}").toString());
        }
      }
    }
  }

  private static String status(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + message
        + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
  }

  private static void send(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
