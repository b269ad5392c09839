package io.aegis.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model packages ({@code crd}, {@code events}) stay free of Spring and of Kubernetes client
 * behaviour (CONVENTIONS "Layout and layering"): they describe data, and every function, the local
 * runner and the CRD generator read them. Allowed from fabric8: the API model, its annotations and
 * the {@code CustomResource} base class, which is data despite living in the client package.
 */
class ModelImportRulesTest {
  private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)(\\.\\*)?;");

  private static final List<String> ALLOWED_PREFIXES =
      List.of(
          "java.",
          "com.fasterxml.jackson.annotation.",
          "io.fabric8.kubernetes.api.model.",
          "io.fabric8.kubernetes.model.annotation.",
          "io.fabric8.crd.generator.annotation.",
          "io.fabric8.generator.annotation.",
          "io.fabric8.kubernetes.client.CustomResource",
          "io.aegis.kernel.crd.",
          "io.aegis.kernel.events.");

  @ParameterizedTest
  @ValueSource(strings = {"crd", "events"})
  void modelPackagesImportNoSpringAndNoClient(String pkg) throws IOException {
    Path dir = Path.of("src/main/java/io/aegis/kernel", pkg);
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          var m = IMPORT.matcher(line.trim());
          if (m.matches() && ALLOWED_PREFIXES.stream().noneMatch(m.group(2)::startsWith)) {
            violations.add(file.getFileName() + ": " + line.trim());
          }
        }
      }
    }
    assertThat(violations).as("imports outside the model's allowed set").isEmpty();
  }
}
