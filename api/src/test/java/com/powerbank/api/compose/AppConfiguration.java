package com.powerbank.api.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one of the apps (module {@code api}, {@code worker} or {@code stubs}) reads from its
 * environment, found in its sources: the {@code ${NAME}} / {@code ${NAME:default}} placeholders of
 * its {@code application.properties} and of the Java code of its modules, and the relaxed-binding
 * names of its property keys ({@code server.address} is read from {@code SERVER_ADDRESS} too).
 */
final class AppConfiguration {

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

  /** The modules whose code runs in each app. */
  private static final Map<String, List<String>> MODULES =
      Map.of(
          "api", List.of("api", "activities", "workflows"),
          "worker", List.of("worker", "activities", "workflows"),
          "stubs", List.of("stubs"));

  private final Properties properties = new Properties();
  private final Set<String> variables = new TreeSet<>();

  private AppConfiguration(Path root, String app) {
    Path file = root.resolve(app).resolve("src/main/resources/application.properties");
    try {
      String text = Files.readString(file);
      properties.load(new java.io.StringReader(text));
      addPlaceholders(text);
      for (String module : MODULES.get(app)) {
        try (Stream<Path> sources = Files.walk(root.resolve(module).resolve("src/main/java"))) {
          for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
            addPlaceholders(Files.readString(source));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String key : properties.stringPropertyNames()) {
      variables.add(relaxed(key));
    }
  }

  /**
   * @param root the repository
   * @param app {@code api}, {@code worker} or {@code stubs}
   */
  static AppConfiguration of(Path root, String app) {
    if (!MODULES.containsKey(app)) {
      throw new IllegalArgumentException("not an app: " + app);
    }
    return new AppConfiguration(root, app);
  }

  /** Every environment variable the app reads. */
  Set<String> variables() {
    return variables;
  }

  /**
   * The port the app listens on ({@code server.port}) with {@code environment} set.
   *
   * @return the port, empty when {@code server.port} is not set
   */
  Optional<Integer> port(Map<String, String> environment) {
    return port("server.port", environment);
  }

  /**
   * The port of property {@code key} (e.g. {@code management.server.port}) with {@code environment}
   * set.
   *
   * @return the port, empty when {@code key} is not set
   */
  Optional<Integer> port(String key, Map<String, String> environment) {
    String value = environment.get(relaxed(key));
    if (value == null) {
      value = properties.getProperty(key);
    }
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = PLACEHOLDER.matcher(value.trim());
    if (m.matches()) {
      value = environment.getOrDefault(m.group(1), m.group(2));
    }
    return Optional.of(Integer.parseInt(value.trim()));
  }

  private void addPlaceholders(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      variables.add(m.group(1));
    }
  }

  /** Spring Boot's environment-variable form of a property key. */
  private static String relaxed(String key) {
    return key.replace('.', '_')
        .replace("-", "")
        .replace("[", "_")
        .replace("]", "")
        .toUpperCase(Locale.ROOT);
  }
}
