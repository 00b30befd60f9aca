package io.consentry.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders helm/consentry with real Helm (helm-java) and parses the result into fabric8 objects. */
final class Chart {

  static final Path MODULE_DIR = Path.of(System.getProperty("user.dir"));
  static final Path CHART_DIR = MODULE_DIR.resolve("consentry");
  static final String RELEASE = "cs";
  static final String NAMESPACE = "consentry";
  static final String FULLNAME = "cs-consentry";

  private Chart() {
  }

  /**
   * Values every production render needs: the master key from an existing Secret, the SMTP relay that invitations
   * and notices to data subjects go through, and the public URL their links name.
   */
  static Map<String, Object> withMasterKey() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("masterKey.existingSecret", "consentry-master-key");
    values.put("mail.host", "smtp.example.com");
    values.put("mail.from", "Consentry <no-reply@example.com>");
    values.put("api.publicUrl", "https://consentry.example.com");
    return values;
  }

  static Map<String, Object> externalPostgres() {
    Map<String, Object> v = withMasterKey();
    v.put("external.postgres.enabled", true);
    v.put("external.postgres.host", "pg.db.example.com");
    v.put("external.postgres.port", 6432);
    v.put("external.postgres.existingSecret", "pg-credentials");
    v.put("keycloak.database.existingSecret", "kc-db-credentials");
    return v;
  }

  static Map<String, Object> externalS3() {
    Map<String, Object> v = withMasterKey();
    v.put("external.s3.enabled", true);
    v.put("external.s3.endpoint", "https://s3.eu-central-1.example.com");
    v.put("external.s3.region", "eu-central-1");
    v.put("external.s3.existingSecret", "s3-credentials");
    return v;
  }

  static Map<String, Object> externalKeycloak() {
    Map<String, Object> v = withMasterKey();
    v.put("external.keycloak.enabled", true);
    v.put("external.keycloak.url", "https://auth.example.com:8443/");
    v.put("external.keycloak.existingSecret", "kc-admin");
    return v;
  }

  static Map<String, Object> allExternal() {
    Map<String, Object> v = externalPostgres();
    v.putAll(externalS3());
    v.putAll(externalKeycloak());
    v.remove("keycloak.database.existingSecret");
    return v;
  }

  /** A production-like HA install: 3 api replicas, distributed MinIO, 2 Keycloaks, Ingress, PodMonitor. */
  static Map<String, Object> ha() {
    Map<String, Object> v = withMasterKey();
    v.put("api.replicas", 3);
    v.put("autoscaling.maxReplicas", 8);
    v.put("minio.replicas", 4);
    v.put("keycloak.replicas", 2);
    v.put("ingress.enabled", true);
    v.put("ingress.host", "consentry.example.com");
    v.put("ingress.className", "nginx");
    v.put("keycloak.ingress.enabled", true);
    v.put("keycloak.ingress.host", "auth.example.com");
    v.put("metrics.podMonitor.enabled", true);
    return v;
  }

  /** Every scenario the chart must render, by name. */
  static Map<String, Map<String, Object>> scenarios() {
    Map<String, Map<String, Object>> s = new LinkedHashMap<>();
    s.put("defaults", withMasterKey());
    s.put("external postgres", externalPostgres());
    s.put("external s3", externalS3());
    s.put("external keycloak", externalKeycloak());
    s.put("all external", allExternal());
    s.put("ha", ha());
    return s;
  }

  /** Runs `helm template` with --set values (in order); throws IllegalStateException on failure. */
  static Rendered render(Map<String, Object> values) {
    FakeKubeApi.get();
    TemplateCommand cmd = new Helm(CHART_DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
    values.forEach(cmd::set);
    return new Rendered(cmd.call());
  }

  /** The error message of a render expected to fail. */
  static String renderError(Map<String, Object> values) {
    try {
      String yaml = render(values).yaml;
      throw new AssertionError("expected rendering to fail, but it rendered:\n" + yaml);
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }

  static final class Rendered {
    final String yaml;
    final List<HasMetadata> objects;

    Rendered(String yaml) {
      this.yaml = yaml;
      this.objects = parse(yaml);
    }

    private static List<HasMetadata> parse(String yaml) {
      List<HasMetadata> result = new ArrayList<>();
      for (String doc : yaml.split("(?m)^---\\s*$")) {
        String body = doc.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n")).trim();
        if (body.isEmpty()) {
          continue;
        }
        Object parsed = Serialization.unmarshal(body);
        if (!(parsed instanceof HasMetadata)) {
          throw new IllegalStateException("not a Kubernetes object:\n" + body);
        }
        result.add((HasMetadata) parsed);
      }
      return result;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
      return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
      return find(type, name).orElseThrow(() -> new AssertionError(
          "no " + type.getSimpleName() + " named " + name + " in: " + summary()));
    }

    List<GenericKubernetesResource> generic(String kind) {
      return all(GenericKubernetesResource.class).stream()
          .filter(r -> kind.equals(r.getKind())).collect(Collectors.toList());
    }

    String summary() {
      return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
          .collect(Collectors.joining(", "));
    }

    Deployment apiDeployment() {
      return get(Deployment.class, FULLNAME);
    }

    Container apiContainer() {
      return apiDeployment().getSpec().getTemplate().getSpec().getContainers().stream()
          .filter(c -> c.getName().equals("api")).findFirst().orElseThrow();
    }

    Map<String, EnvVar> apiEnv() {
      Map<String, EnvVar> env = new LinkedHashMap<>();
      for (EnvVar e : apiContainer().getEnv()) {
        if (env.put(e.getName(), e) != null) {
          throw new AssertionError("env var set twice: " + e.getName());
        }
      }
      return env;
    }
  }
}
