package io.aegis.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the tests run in (the directory holding {@code knative/} and {@code local/}). */
final class TestRepo {
  private TestRepo() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("knative/kustomization.yaml"))
          && Files.isDirectory(dir.resolve("local"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("not inside the Aegis repository");
  }

  static KnativeManifests knative() {
    return KnativeManifests.load(root().resolve("knative"));
  }
}
