package io.aegis.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where things are: the repository, the two JDKs, the function jars, the results directory. Set by
 * {@code bench/run.sh} through system properties ({@code bench.root}, {@code bench.java17}, {@code
 * bench.java25}, {@code bench.results}).
 */
public final class BenchEnv {
  public static final List<String> FUNCTIONS =
      List.of(
          "parse-alert",
          "match-rule",
          "render-submit",
          "track-status",
          "diagnose",
          "healthcheck-cron");

  public final Path root;

  /** {@code java} of the default JDK ({@code java -jar} launch, variant a). */
  public final String java17;

  /** {@code java} of the Java 25 JDK (production launch, variant b). */
  public final String java25;

  /** This run's results directory, {@code bench/results/<timestamp>}. */
  public final Path results;

  /** Extracted layouts and AOT caches, reused while the jar is unchanged. */
  public final Path work;

  /** The harness's own classes (for the bare HttpServer baseline). */
  public final Path benchClasses;

  public BenchEnv() {
    root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    java17 = System.getProperty("bench.java17", "java");
    java25 = System.getProperty("bench.java25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    Path base = root.resolve("bench/results");
    results =
        Path.of(
            System.getProperty(
                "bench.results",
                base.resolve(
                        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
                    .toString()));
    work = base.resolve("work");
    benchClasses =
        Path.of(
            System.getProperty("bench.classes", root.resolve("bench/target/classes").toString()));
    try {
      Files.createDirectories(results);
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The executable (Spring Boot) jar of a function: the jar under {@code <fn>/target} that has a
   * {@code BOOT-INF/} directory, whatever its classifier.
   */
  public Path execJar(String function) {
    return execJar(root, function);
  }

  /** The executable jar of a function built in checkout {@code root}. */
  public Path execJar(Path root, String function) {
    Path target = root.resolve(function).resolve("target");
    List<Path> candidates = new ArrayList<>();
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        files
            .filter(p -> p.getFileName().toString().endsWith(".jar"))
            .filter(p -> p.getFileName().toString().startsWith(function + "-"))
            .forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (Path jar : candidates) {
      try (JarFile j = new JarFile(jar.toFile())) {
        if (j.getEntry("BOOT-INF/") != null || j.getEntry("BOOT-INF/classes/") != null) {
          return jar;
        }
      } catch (IOException e) {
        // not a jar we can read: skip
      }
    }
    throw new IllegalStateException(
        "no executable jar of "
            + function
            + " under "
            + target
            + "; build first: ./mvnw -q package -DskipTests");
  }

  public Path results(String name) {
    return results.resolve(name);
  }
}
