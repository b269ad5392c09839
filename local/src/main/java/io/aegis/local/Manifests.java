package io.aegis.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kubernetes objects read from YAML files: every document of a (multi-document) file that has an
 * {@code apiVersion} and a {@code kind}; comment-only and empty documents are skipped.
 */
final class Manifests {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Manifests() {}

  /** The objects of one file, in file order. */
  static List<ObjectNode> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The objects of a YAML stream; {@code name} is only used in error messages. */
  static List<ObjectNode> read(InputStream in, String name) {
    List<ObjectNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(in)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc instanceof ObjectNode object && object.hasNonNull("kind")) {
          if (!object.hasNonNull("apiVersion")) {
            throw new IllegalArgumentException(name + ": a " + kind(object) + " has no apiVersion");
          }
          objects.add(object);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(name + " is not valid YAML: " + e.getMessage(), e);
    }
    return objects;
  }

  /** Every {@code *.yaml} / {@code *.yml} file under {@code dir}, sorted by path. */
  static List<Path> yamlFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static String kind(JsonNode object) {
    return object.path("kind").asText("");
  }

  static String apiVersion(JsonNode object) {
    return object.path("apiVersion").asText("");
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText("");
  }

  static String namespace(JsonNode object) {
    return object.path("metadata").path("namespace").asText("");
  }

  static boolean is(JsonNode object, String apiVersion, String kind) {
    return apiVersion.equals(apiVersion(object)) && kind.equals(kind(object));
  }

  /** The object as one of fabric8's model classes. */
  static <T> T as(JsonNode object, Class<T> type) {
    try {
      return SERIALIZATION.convertValue(object, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a valid " + type.getSimpleName() + " (" + name(object) + "): " + e.getMessage(), e);
    }
  }
}
