package io.aegis.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The image's {@code /app} without Docker: the jar extracted as the Dockerfile's extract stage does
 * ({@code java -Djarmode=tools -jar application.jar extract --layers}), the four layers copied into
 * one directory in the Dockerfile's order, and AOT caches trained with the Dockerfile's training
 * command and {@code JAVA_TOOL_OPTIONS}. Reused while the jar and the Dockerfile are unchanged.
 */
public final class ProductionLayout {
  static final List<String> LAYERS =
      List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

  private final BenchEnv env;
  private final DockerfileLaunch launch;
  private final String function;
  private final Path jar;
  private final Path dir;

  public ProductionLayout(
      BenchEnv env, DockerfileLaunch launch, String function, Path jar, String workName) {
    this.env = env;
    this.launch = launch;
    this.function = function;
    this.jar = jar;
    this.dir = env.work.resolve(workName);
  }

  /** The directory the image's {@code WORKDIR /app} corresponds to. */
  public Path app() {
    return dir.resolve("app");
  }

  /** Extracts the jar unless the same jar was extracted before. */
  public void extract() throws IOException {
    String stamp = stamp();
    Path stampFile = dir.resolve("stamp");
    if (Files.isRegularFile(stampFile)
        && Files.readString(stampFile).equals(stamp)
        && Files.isDirectory(app())) {
      return;
    }
    deleteTree(dir);
    Files.createDirectories(dir);
    Path copy = dir.resolve("application.jar");
    Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
    List<String> cmd =
        List.of(
            env.java25,
            "-Djarmode=tools",
            "-jar",
            "application.jar",
            "extract",
            "--layers",
            "--destination",
            "extracted");
    try (Launched p = Launched.start(cmd, Map.of(), dir, dir.resolve("extract.log"))) {
      int rc = p.waitFor(300);
      if (rc != 0) {
        throw new IllegalStateException("extract of " + jar + " failed:\n" + p.tail(20));
      }
    }
    Files.createDirectories(app());
    for (String layer : LAYERS) {
      Path from = dir.resolve("extracted").resolve(layer);
      if (Files.isDirectory(from)) {
        copyTree(from, app());
      }
    }
    Files.writeString(stampFile, stamp);
  }

  /**
   * The cache for {@code extraOptions} (appended to the image's {@code JAVA_TOOL_OPTIONS}), trained
   * now unless present. Returns its file name inside {@link #app()}.
   */
  public String cache(String label, String extraOptions) throws IOException {
    String name = label.isEmpty() ? launch.cacheFile() : label + "-" + launch.cacheFile();
    Path cache = app().resolve(name);
    Path options = app().resolve(name + ".options");
    String jto = javaToolOptions(extraOptions);
    // A new training command or new options make a new cache.
    String stamp = jto + "\n" + String.join(" ", launch.training());
    if (Files.isRegularFile(cache)
        && Files.isRegularFile(options)
        && Files.readString(options).equals(stamp)) {
      return name;
    }
    Files.deleteIfExists(cache);
    List<String> cmd = new ArrayList<>();
    for (String t : launch.training()) {
      if (cmd.isEmpty() && t.equals("java")) {
        cmd.add(env.java25);
      } else if (t.startsWith("-XX:AOTCacheOutput=")) {
        cmd.add("-XX:AOTCacheOutput=" + name);
      } else {
        cmd.add(t);
      }
    }
    System.out.printf("  training AOT cache %s/%s ...%n", function, name);
    long t0 = System.nanoTime();
    // Two attempts: on a busy machine the JVM's cache-assembly child process has been seen to fail.
    for (int attempt = 1; ; attempt++) {
      try (Launched p =
          Launched.start(
              cmd,
              Map.of("JAVA_TOOL_OPTIONS", jto),
              app(),
              dir.resolve("train-" + (label.isEmpty() ? "default" : label) + ".log"))) {
        int rc = p.waitFor(600);
        if (rc == 0 && Files.isRegularFile(cache)) {
          break;
        }
        if (attempt == 2) {
          throw new IllegalStateException(
              "AOT training of " + function + " failed (exit " + rc + "):\n" + p.tail(30));
        }
        System.out.printf("  training exited %d; once more%n", rc);
        Files.deleteIfExists(cache);
      }
    }
    System.out.printf(
        "  trained in %.1f s (%d MiB)%n", (System.nanoTime() - t0) / 1e9, Files.size(cache) >> 20);
    Files.writeString(options, stamp);
    return name;
  }

  /** The entrypoint with the given cache and the Java 25 binary. */
  public List<String> command(String cacheName, List<String> extraArgs) {
    List<String> cmd = new ArrayList<>();
    for (String t : launch.entrypoint()) {
      if (cmd.isEmpty() && t.equals("java")) {
        cmd.add(env.java25);
        cmd.addAll(extraArgs);
      } else if (t.startsWith("-XX:AOTCache=")) {
        cmd.add("-XX:AOTCache=" + cacheName);
      } else {
        cmd.add(t);
      }
    }
    return cmd;
  }

  public String javaToolOptions(String extraOptions) {
    return (launch.javaToolOptions() + " " + extraOptions).strip();
  }

  private String stamp() throws IOException {
    return jar.toAbsolutePath()
        + " "
        + Files.size(jar)
        + " "
        + Files.getLastModifiedTime(jar).toMillis()
        + " "
        + env.java25;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
