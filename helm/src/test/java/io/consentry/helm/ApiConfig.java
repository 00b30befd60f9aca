package io.consentry.helm;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The configuration the api really reads: the keys of api/src/main/resources/application.properties. */
final class ApiConfig {

  static final Path PROPERTIES = Chart.MODULE_DIR.resolve("../api/src/main/resources/application.properties").normalize();
  private static final Pattern EXPRESSION_VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(:[^}]*)?}");

  private ApiConfig() {
  }

  /** The keys defined (profile prefixes such as %dev. removed). */
  static Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    for (String key : load().stringPropertyNames()) {
      keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
    }
    return keys;
  }

  /**
   * Environment variable names that change the api's configuration: every key under Quarkus'
   * rule (upper-case, each non-alphanumeric character to '_'), plus the variables that the
   * properties reference in ${NAME:default} expressions (e.g. CONSENTRY_HTTP_HOST).
   */
  static Set<String> envNames() {
    Properties props = load();
    Set<String> names = new TreeSet<>();
    for (String key : keys()) {
      names.add(envName(key));
    }
    for (String key : props.stringPropertyNames()) {
      Matcher m = EXPRESSION_VAR.matcher(props.getProperty(key));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  static String envName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static Properties load() {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(PROPERTIES)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the api's configuration at " + PROPERTIES, e);
    }
    return props;
  }
}
