package com.powerbank.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} cannot run here (no Docker), so it is checked (issue 9): against the
 * Compose Specification's JSON schema ({@code compose/compose-spec.json}), and against the apps'
 * own configuration: every environment variable an app service sets is one that app reads, and
 * every port it publishes, exposes or health-checks is the one it listens on.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOCAL_URL =
      Pattern.compile("http://(?:127\\.0\\.0\\.1|localhost):(\\d+)/");

  private static JsonSchema schema;
  private static Map<String, Object> compose;

  @BeforeAll
  static void load() throws IOException {
    // loaded by location, so that its relative $id resolves against it
    schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(SchemaLocation.of("classpath:compose/compose-spec.json"));
    compose = yaml(ROOT.resolve("docker-compose.yml"));
  }

  @Test
  void composeFileFollowsTheComposeSpecification() {
    Set<ValidationMessage> problems = schema.validate(JSON.valueToTree(compose));

    assertThat(problems).isEmpty();
  }

  @Test
  void theSchemaCatchesAMisspelledKey() {
    Map<String, Object> broken = new LinkedHashMap<>(compose);
    Map<String, Object> services = new LinkedHashMap<>(services());
    Map<String, Object> api = new LinkedHashMap<>(service("api"));
    api.put("enviroment", api.remove("environment"));
    services.put("api", api);
    broken.put("services", services);

    assertThat(schema.validate(JSON.valueToTree(broken))).isNotEmpty();
  }

  @Test
  void everyVariableAnAppServiceSetsIsOneTheAppReads() {
    assertThat(appServices()).containsOnlyKeys("api", "worker", "stubs");
    appServices()
        .forEach(
            (service, app) ->
                assertThat(environment(service).keySet())
                    .as("variables service %s sets", service)
                    .isNotEmpty()
                    .isSubsetOf(AppConfiguration.of(ROOT, app).variables()));
  }

  @Test
  void everyPortAnAppServiceMapsIsThePortItListensOn() {
    appServices()
        .forEach(
            (service, app) -> {
              int listens = AppConfiguration.of(ROOT, app).port(environment(service)).orElseThrow();
              List<Integer> ports = containerPorts(service);
              assertThat(ports)
                  .as("ports of service %s", service)
                  .isNotEmpty()
                  .containsOnly(listens);
            });
  }

  @Test
  void prometheusScrapesTheApiWhereItListens() throws IOException {
    // the api's actuator has a management port of its own (issue 11)
    int api =
        AppConfiguration.of(ROOT, "api")
            .port("management.server.port", environment("api"))
            .orElseThrow();
    String targets = Files.readString(ROOT.resolve("observability/targets-compose/api.yml"));

    assertThat(targets).contains("\"api:" + api + "\"");
  }

  // ---- reading the compose file ----

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() {
    return (Map<String, Object>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) {
    return (Map<String, Object>) services().get(name);
  }

  /** Service name to app module, for the services built from docker/Dockerfile. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> appServices() {
    Map<String, String> apps = new LinkedHashMap<>();
    services()
        .forEach(
            (name, definition) -> {
              Object build = ((Map<String, Object>) definition).get("build");
              if (build instanceof Map<?, ?> b && b.get("args") instanceof Map<?, ?> args) {
                apps.put(name, String.valueOf(args.get("MODULE")));
              }
            });
    return apps;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(String service) {
    Object env = service(service).get("environment");
    Map<String, String> out = new LinkedHashMap<>();
    if (env instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    } else if (env instanceof List<?> list) {
      for (Object item : list) {
        String[] kv = String.valueOf(item).split("=", 2);
        out.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return out;
  }

  /** The container side of {@code ports}, {@code expose} and the health check's local URL. */
  @SuppressWarnings("unchecked")
  private static List<Integer> containerPorts(String service) {
    Map<String, Object> s = service(service);
    List<Integer> ports = new ArrayList<>();
    for (Object p : (List<Object>) s.getOrDefault("ports", List.of())) {
      if (p instanceof Map<?, ?> longSyntax) {
        ports.add(Integer.parseInt(String.valueOf(longSyntax.get("target"))));
      } else {
        String[] parts = String.valueOf(p).split("/")[0].split(":");
        ports.add(Integer.parseInt(parts[parts.length - 1]));
      }
    }
    for (Object p : (List<Object>) s.getOrDefault("expose", List.of())) {
      ports.add(Integer.parseInt(String.valueOf(p).split("/")[0]));
    }
    if (s.get("healthcheck") instanceof Map<?, ?> health) {
      Matcher m = LOCAL_URL.matcher(String.valueOf(health.get("test")));
      while (m.find()) {
        ports.add(Integer.parseInt(m.group(1)));
      }
    }
    return ports;
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml(options).load(reader);
    }
  }
}
