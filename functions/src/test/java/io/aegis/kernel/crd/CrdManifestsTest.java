package io.aegis.kernel.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.kernel.testing.AegisCrds;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs under {@code knative/100-crds/} are the generator's output (printer columns in
 * declaration order), and that output is something a real API server accepts and {@code kubectl}
 * presents as documented.
 */
class CrdManifestsTest {
  private static final String UPDATE_PROPERTY = "aegis.crds.update";

  @Test
  void committedCrdsMatchGeneratorOutput() throws IOException {
    Path dir = crdDirectory();
    boolean update = Boolean.getBoolean(UPDATE_PROPERTY);
    List<String> stale = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : AegisCrds.KINDS) {
      Path file = dir.resolve(AegisCrds.fileName(kind));
      String expected = AegisCrds.committedForm(kind);
      if (update) {
        Files.createDirectories(dir);
        Files.writeString(file, expected);
      } else if (!Files.exists(file) || !Files.readString(file).equals(expected)) {
        stale.add(file.getFileName().toString());
      }
    }
    assertThat(stale)
        .as(
            "CRDs under %s differ from the crd-generator output (never hand-edit them; change the"
                + " model in io.aegis.kernel.crd). Regenerate with: %s",
            dir, AegisCrds.REGENERATE_COMMAND)
        .isEmpty();
  }

  @Test
  void noStrayCrdFilesAreCommitted() throws IOException {
    Set<String> expected =
        AegisCrds.KINDS.stream().map(AegisCrds::fileName).collect(Collectors.toSet());
    try (Stream<Path> files = Files.list(crdDirectory())) {
      assertThat(
              files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".aegis.io.yaml")))
          .as("CRD files for kinds that no longer exist")
          .allMatch(expected::contains);
    }
  }

  @Test
  void postProcessingOnlyReordersPrinterColumns() throws IOException {
    for (Class<? extends HasMetadata> kind : AegisCrds.KINDS) {
      String generated = AegisCrds.generatedYaml(kind);
      String body = generated.substring(generated.indexOf('\n') + 1);
      assertThat(AegisCrds.YAML.writeValueAsString(AegisCrds.YAML.readTree(generated)))
          .as("re-serialising %s is lossless", kind.getSimpleName())
          .isEqualTo(body);

      JsonNode raw = AegisCrds.YAML.readTree(generated);
      JsonNode committed = AegisCrds.YAML.readTree(AegisCrds.committedForm(kind));
      sortColumnsByName(raw);
      sortColumnsByName(committed);
      assertThat(committed).as(kind.getSimpleName()).isEqualTo(raw);
    }
  }

  @Test
  void printerColumnsAreInDeclarationOrder() {
    assertThat(columns(AegisAlert.class))
        .containsExactly(
            "Type",
            "ObjectKind",
            "ObjectName",
            "Status",
            "Count",
            "TriggerStatus",
            "OpsStatus",
            "Age");
    for (Class<? extends HasMetadata> kind : AegisCrds.KINDS) {
      assertThat(columns(kind))
          .as(kind.getSimpleName())
          .containsExactlyElementsOf(
              Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
                  .map(AdditionalPrinterColumn::name)
                  .toList());
    }
  }

  @Test
  void everyCrdIsNamespacedWithStatusSubresourceShortNamesAndCategory() {
    for (Class<? extends HasMetadata> kind : AegisCrds.KINDS) {
      CustomResourceDefinition crd = AegisCrds.definition(kind);
      assertThat(crd.getSpec().getGroup()).isEqualTo(Aegis.GROUP);
      assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
      assertThat(crd.getSpec().getNames().getShortNames()).as(kind.getSimpleName()).isNotEmpty();
      assertThat(crd.getSpec().getNames().getCategories()).containsExactly(Aegis.CATEGORY);
      assertThat(crd.getSpec().getVersions())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.getName()).isEqualTo(Aegis.VERSION);
                assertThat(v.getServed()).isTrue();
                assertThat(v.getStorage()).isTrue();
                assertThat(v.getSubresources().getStatus()).as(kind.getSimpleName()).isNotNull();
              });
    }
    assertThat(AegisCrds.crdName(AegisDiagnosis.class)).isEqualTo("aegisdiagnosises.aegis.io");
  }

  @Test
  void generatedCrdsAreStructural() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : AegisCrds.KINDS) {
      JsonNode crd = AegisCrds.YAML.readTree(AegisCrds.committedForm(kind));
      for (JsonNode version : crd.path("spec").path("versions")) {
        walk(
            version.path("schema").path("openAPIV3Schema"),
            kind.getSimpleName() + "." + version.path("name").asText(),
            problems);
      }
    }
    assertThat(problems)
        .as(
            "schemas a real API server rejects or silently prunes (a Map<String,Object> shows up as"
                + " an object without properties; use Map<String,String>, JsonNode or AnyType)")
        .isEmpty();
  }

  /** Checks one schema node and everything under it (properties, items, additionalProperties). */
  private static void walk(JsonNode schema, String path, List<String> problems) {
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
    if (!schema.has("type") && !preserve && !intOrString) {
      problems.add(path + ": no type");
    }
    if ("object".equals(schema.path("type").asText())
        && !schema.has("properties")
        && !schema.has("additionalProperties")
        && !preserve) {
      problems.add(
          path
              + ": object with neither properties, additionalProperties nor"
              + " x-kubernetes-preserve-unknown-fields");
    }
    if ("array".equals(schema.path("type").asText()) && !schema.has("items")) {
      problems.add(path + ": array without items");
    }
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      walk(property.getValue(), path + "." + property.getKey(), problems);
    }
    if (schema.path("items").isObject()) {
      walk(schema.get("items"), path + "[]", problems);
    }
    if (schema.path("additionalProperties").isObject()) {
      walk(schema.get("additionalProperties"), path + "{}", problems);
    }
  }

  private static List<String> columns(Class<? extends HasMetadata> kind) {
    CustomResourceDefinitionVersion version =
        AegisCrds.definition(kind).getSpec().getVersions().get(0);
    return version.getAdditionalPrinterColumns().stream().map(c -> c.getName()).toList();
  }

  private static void sortColumnsByName(JsonNode crd) {
    for (JsonNode version : crd.path("spec").path("versions")) {
      List<JsonNode> columns = new ArrayList<>();
      version.path("additionalPrinterColumns").forEach(columns::add);
      columns.sort(Comparator.comparing(c -> c.path("name").asText()));
      ((ObjectNode) version).putArray("additionalPrinterColumns").addAll(columns);
    }
  }

  /** {@code knative/100-crds} of the repository (tests run in the {@code functions} module). */
  private static Path crdDirectory() {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    return module.toAbsolutePath().getParent().resolve("knative").resolve("100-crds");
  }
}
