package io.aegis.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production launch as the root {@code Dockerfile} defines it, read from the file so that the
 * benchmark measures what ships: the final stage's {@code JAVA_TOOL_OPTIONS}, the AOT-cache
 * training command and the {@code ENTRYPOINT}.
 *
 * @param javaToolOptions the image's {@code JAVA_TOOL_OPTIONS}
 * @param training the training command ({@code java -XX:AOTCacheOutput=... -jar application.jar})
 * @param entrypoint the exec-form {@code ENTRYPOINT}
 * @param cacheFile the AOT cache file name both use
 */
public record DockerfileLaunch(
    String javaToolOptions, List<String> training, List<String> entrypoint, String cacheFile) {

  public static DockerfileLaunch read(Path dockerfile) {
    List<String[]> instructions = instructions(dockerfile);
    int lastFrom = 0;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i)[0].equals("FROM")) {
        lastFrom = i;
      }
    }
    String jto = null;
    List<String> training = null;
    List<String> entrypoint = null;
    for (String[] ins : instructions.subList(lastFrom, instructions.size())) {
      switch (ins[0]) {
        case "ENV" -> {
          Matcher m = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"").matcher(ins[1]);
          if (m.find()) {
            jto = m.group(1);
          }
        }
        case "RUN" -> {
          for (String segment : ins[1].split("&&|;")) {
            if (segment.contains("-XX:AOTCacheOutput=")) {
              training = new ArrayList<>(Arrays.asList(segment.strip().split("\\s+")));
            }
          }
        }
        case "ENTRYPOINT" -> {
          entrypoint = new ArrayList<>();
          Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(ins[1]);
          while (m.find()) {
            entrypoint.add(m.group(1));
          }
        }
        default -> {}
      }
    }
    if (jto == null || training == null || entrypoint == null) {
      throw new IllegalStateException(
          dockerfile
              + ": expected ENV JAVA_TOOL_OPTIONS, a RUN with -XX:AOTCacheOutput= and an exec-form"
              + " ENTRYPOINT in the final stage");
    }
    String cache = null;
    for (String t : training) {
      if (t.startsWith("-XX:AOTCacheOutput=")) {
        cache = t.substring("-XX:AOTCacheOutput=".length());
      }
    }
    return new DockerfileLaunch(jto, List.copyOf(training), List.copyOf(entrypoint), cache);
  }

  /** Instructions of the file as {keyword, arguments}, continuation lines joined. */
  static List<String[]> instructions(Path dockerfile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(dockerfile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String[]> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String raw : lines) {
      String trimmed = raw.strip();
      if (trimmed.startsWith("#") || (line.length() == 0 && trimmed.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        line.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      line.append(trimmed);
      String full = line.toString().strip();
      line.setLength(0);
      int space = full.indexOf(' ');
      if (space > 0) {
        out.add(
            new String[] {
              full.substring(0, space).toUpperCase(), full.substring(space + 1).strip()
            });
      }
    }
    return out;
  }
}
