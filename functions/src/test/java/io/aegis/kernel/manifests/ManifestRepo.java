package io.aegis.kernel.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The deployment files of the repository as the tests see them: every YAML document under {@code
 * knative/}, the root {@code Dockerfile}, the functions' {@code func.yaml}. Found by walking up
 * from the working directory (the {@code functions} module when Maven runs the tests) to the
 * directory holding {@code knative/} and {@code functions/}; nothing outside the repository is
 * read.
 */
final class ManifestRepo {
  static final YAMLMapper YAML = new YAMLMapper();

  /** The six functions: module directory = Knative Service name = CloudEvent source suffix. */
  static final List<String> FUNCTIONS =
      List.of(
          "parse-alert",
          "match-rule",
          "render-submit",
          "track-status",
          "diagnose",
          "healthcheck-cron");

  private static final Path ROOT = findRoot();
  private static List<K8sObject> all;

  private ManifestRepo() {}

  static Path root() {
    return ROOT;
  }

  static Path knative() {
    return ROOT.resolve("knative");
  }

  /** Every {@code *.yaml}/{@code *.yml} file under {@code knative/}, sorted by path. */
  static List<Path> yamlFiles() {
    try (Stream<Path> files = Files.walk(knative())) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isKustomization(Path file) {
    return file.getFileName().toString().equals("kustomization.yaml");
  }

  static boolean isInOverlay(Path file) {
    return knative().relativize(file).startsWith("overlays");
  }

  /** Every Kubernetes object under {@code knative/}, overlays included, kustomizations excluded. */
  static synchronized List<K8sObject> allObjects() {
    if (all == null) {
      List<K8sObject> objects = new ArrayList<>();
      for (Path file : yamlFiles()) {
        if (isKustomization(file)) {
          continue;
        }
        for (JsonNode doc : readAll(file)) {
          objects.add(new K8sObject(knative().relativize(file), doc));
        }
      }
      all = List.copyOf(objects);
    }
    return all;
  }

  /** The objects {@code kubectl apply -k knative/} installs (overlay files excluded). */
  static List<K8sObject> baseObjects() {
    return allObjects().stream()
        .filter(o -> !o.file().startsWith("overlays"))
        .collect(Collectors.toList());
  }

  static List<K8sObject> base(String kind) {
    return baseObjects().stream().filter(o -> o.kind().equals(kind)).collect(Collectors.toList());
  }

  static Optional<K8sObject> find(String kind, String namespace, String name) {
    return baseObjects().stream()
        .filter(o -> o.kind().equals(kind) && o.name().equals(name))
        .filter(o -> namespace == null || namespace.equals(o.namespace()))
        .findFirst();
  }

  static K8sObject knativeService(String name) {
    return find("Service", "aegis", name)
        .filter(o -> o.apiVersion().equals("serving.knative.dev/v1"))
        .orElseThrow(() -> new AssertionError("no Knative Service " + name + " under knative/"));
  }

  /** The alert namespace, as configured in {@code aegis-config}. */
  static String alertNamespace() {
    return find("ConfigMap", "aegis", "aegis-config")
        .map(o -> o.node().path("data").path("AEGIS_ALERT_NAMESPACE").asText(""))
        .filter(s -> !s.isEmpty())
        .orElseThrow(
            () ->
                new AssertionError("ConfigMap aegis/aegis-config must set AEGIS_ALERT_NAMESPACE"));
  }

  /** All non-empty YAML documents of a file. */
  static List<JsonNode> readAll(Path file) {
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<JsonNode> out = new ArrayList<>();
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          out.add(doc);
        }
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode readOne(Path file) {
    List<JsonNode> docs = readAll(file);
    if (docs.size() != 1) {
      throw new AssertionError(file + " must hold exactly one YAML document, found " + docs.size());
    }
    return docs.get(0);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("knative"))
          && Files.isDirectory(dir.resolve("functions"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no repository root (a directory with knative/ and functions/) above " + start);
  }
}
