package io.aegis.kernel.ai;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompt files. Defaults live in the jar at {@code aegis/prompts/<lang>/<kind>.txt}; a file in
 * {@code aegis.ai.prompt-dir} (a mounted ConfigMap) replaces the default of its kind. For a kind
 * and language the first existing file wins:
 *
 * <ol>
 *   <li>{@code <prompt-dir>/<kind>.<lang>.txt}, e.g. {@code diagnose-pod.zh.txt};
 *   <li>{@code <prompt-dir>/<kind>.txt}, e.g. {@code diagnose-pod.txt};
 *   <li>{@code <prompt-dir>/<legacy>.tmpl}, the original's names: {@code alertparse.tmpl}, {@code
 *       pod.tmpl}, {@code node.tmpl}, {@code pytorchjob.tmpl};
 *   <li>the default in the jar for the language.
 * </ol>
 *
 * Override files are re-read when they change, so an updated ConfigMap applies without a restart. A
 * file may split instructions from data with a line {@code --- user ---}: the text before it is
 * sent as the system message, the text after it as the user message. Without that line the whole
 * file is the user message (as in the original). Syntax: see {@link PromptTemplate}.
 */
public final class Prompts {
  private static final Logger log = LoggerFactory.getLogger(Prompts.class);
  static final String RESOURCE_ROOT = "aegis/prompts/";
  private static final Pattern USER_SEPARATOR =
      Pattern.compile("(?im)^[ \\t]*-{3,}[ \\t]*user[ \\t]*-{3,}[ \\t]*\\r?$\\n?");

  private final Language language;
  private final Path promptDir;
  private final Map<String, Compiled> defaults = new ConcurrentHashMap<>();
  private final Map<Path, CachedFile> overrides = new ConcurrentHashMap<>();

  /**
   * @param language default language of {@link #render(PromptKind, Map)}
   * @param promptDir override directory, or null
   */
  public Prompts(Language language, Path promptDir) {
    this.language = language;
    this.promptDir = promptDir;
    if (promptDir != null && !Files.isDirectory(promptDir)) {
      log.warn(
          "aegis.ai.prompt-dir {} is not a directory: the built-in prompts are used", promptDir);
    }
  }

  public static Prompts from(AiProperties properties) {
    return new Prompts(properties.language(), properties.promptDir());
  }

  public Language language() {
    return language;
  }

  /** Renders {@code kind} in the configured language. */
  public RenderedPrompt render(PromptKind kind, Map<String, String> variables) {
    return render(kind, language, variables);
  }

  /**
   * Renders {@code kind} in {@code lang}. {@code variables} may only name variables of the kind
   * ({@link PromptKind#variables()}); those not given render as empty. {@code Language} is set from
   * {@code lang}.
   *
   * @throws IllegalArgumentException when a variable is not one of the kind's
   * @throws AegisException ({@link Reason#NOT_CONFIGURED}) when an override file is invalid
   */
  public RenderedPrompt render(PromptKind kind, Language lang, Map<String, String> variables) {
    Map<String, String> vars = new HashMap<>();
    variables.forEach(
        (name, value) -> {
          if (!kind.variables().contains(name) || name.equals(PromptKind.LANGUAGE)) {
            throw new IllegalArgumentException(
                "prompt " + kind.fileName() + " has no variable '" + name + "'");
          }
          vars.put(name, value == null ? "" : value);
        });
    vars.put(PromptKind.LANGUAGE, lang.displayName());
    Compiled compiled = compiled(kind, lang);
    String system = compiled.system() == null ? "" : compiled.system().render(vars).strip();
    return new RenderedPrompt(system, compiled.user().render(vars).strip());
  }

  /** Where the template of {@code kind} in {@code lang} comes from (a path or a jar resource). */
  public String origin(PromptKind kind, Language lang) {
    return compiled(kind, lang).origin();
  }

  /**
   * Compiles every template in every language, so a broken override is reported at startup.
   *
   * @throws AegisException naming the file and the problem
   */
  public void validate() {
    for (Language lang : Language.values()) {
      for (PromptKind kind : PromptKind.values()) {
        compiled(kind, lang);
      }
    }
  }

  private Compiled compiled(PromptKind kind, Language lang) {
    Optional<Path> override = overrideFile(kind, lang);
    if (override.isPresent()) {
      return fromFile(kind, override.get());
    }
    return defaults.computeIfAbsent(
        lang.code() + "/" + kind.fileName(),
        key -> fromResource(kind, RESOURCE_ROOT + key + ".txt"));
  }

  private Optional<Path> overrideFile(PromptKind kind, Language lang) {
    if (promptDir == null) {
      return Optional.empty();
    }
    for (String name :
        List.of(
            kind.fileName() + "." + lang.code() + ".txt",
            kind.fileName() + ".txt",
            kind.legacyName() + ".tmpl")) {
      Path file = promptDir.resolve(name);
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  private Compiled fromFile(PromptKind kind, Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      CachedFile cached = overrides.get(file);
      if (cached != null && cached.modified().equals(modified) && cached.size() == size) {
        return cached.compiled();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Compiled compiled = compile(kind, text, file.toString());
      overrides.put(file, new CachedFile(modified, size, compiled));
      log.info("using prompt {} for {}", file, kind.fileName());
      return compiled;
    } catch (IOException e) {
      throw new AegisException(
          Reason.NOT_CONFIGURED, "prompt " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static Compiled fromResource(PromptKind kind, String resource) {
    try (InputStream in = Prompts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in prompt " + resource + " is missing from the jar");
      }
      return compile(kind, new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Compiled compile(PromptKind kind, String text, String origin) {
    Matcher separator = USER_SEPARATOR.matcher(text);
    if (separator.find()) {
      return new Compiled(
          origin,
          PromptTemplate.compile(
              text.substring(0, separator.start()), kind.variables(), origin + " (system part)"),
          PromptTemplate.compile(
              text.substring(separator.end()), kind.variables(), origin + " (user part)"));
    }
    return new Compiled(origin, null, PromptTemplate.compile(text, kind.variables(), origin));
  }

  record Compiled(String origin, PromptTemplate system, PromptTemplate user) {}

  private record CachedFile(FileTime modified, long size, Compiled compiled) {}
}
