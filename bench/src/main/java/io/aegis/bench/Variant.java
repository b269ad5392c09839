package io.aegis.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One way of starting a process: {@code name[@checkout]:kind[:JVM options]} — with {@code
 * @checkout}, the jar built in another checkout (an experiment) — the options added to {@code
 * JAVA_TOOL_OPTIONS} (for {@code prod}, also for its AOT-cache training, so it gets its own cache).
 *
 * <ul>
 *   <li>{@code jar17} / {@code jar25}: {@code java -jar <fat jar>} on the default JDK / Java 25;
 *   <li>{@code prod}: the Dockerfile's launch on Java 25 (extracted layout, the image's {@code
 *       JAVA_TOOL_OPTIONS}, AOT cache trained by the Dockerfile's training command);
 *   <li>{@code prod-workload}: {@code prod} with an AOT cache trained by a real workload instead of
 *       the Dockerfile's exit-on-refresh run: started against the embedded API, sent its cold-start
 *       event a few times, then stopped (an experiment: the Docker build has no API server);
 *   <li>{@code prod-nocache}: the same without the AOT cache;
 *   <li>{@code bare17} / {@code bare25}: the JDK's {@code HttpServer} answering the same requests
 *       ({@link BareHttpServer}); {@code bare25} with the image's {@code JAVA_TOOL_OPTIONS}.
 * </ul>
 */
public record Variant(String name, Kind kind, String options, java.nio.file.Path root) {
  public enum Kind {
    JAR17,
    JAR25,
    PROD,
    PROD_WORKLOAD,
    PROD_NOCACHE,
    BARE17,
    BARE25
  }

  public static Variant parse(String spec) {
    String[] p = spec.split(":", 3);
    if (p.length < 2) {
      throw new IllegalArgumentException("variant '" + spec + "' is not name:kind[:options]");
    }
    Kind kind = Kind.valueOf(p[1].toUpperCase(Locale.ROOT).replace('-', '_'));
    String name = p[0];
    java.nio.file.Path root = null;
    if (name.contains("@")) {
      // name@/other/checkout: that checkout's jar (an experiment with a different build)
      root = java.nio.file.Path.of(name.substring(name.indexOf('@') + 1));
      name = name.substring(0, name.indexOf('@'));
    }
    return new Variant(name, kind, p.length > 2 ? p[2] : "", root);
  }

  /** Comma-separated variants; a comma inside a variant's options (e.g. a list) is kept. */
  public static List<Variant> parseList(String specs) {
    List<Variant> out = new ArrayList<>();
    for (String spec : specs.split(",(?=[\\w.-]+(@[^:,]+)?:[\\w-]+(:|,|$))")) {
      out.add(parse(spec));
    }
    return out;
  }

  public boolean isBare() {
    return kind == Kind.BARE17 || kind == Kind.BARE25;
  }

  public boolean isJava17() {
    return kind == Kind.JAR17 || kind == Kind.BARE17;
  }
}
