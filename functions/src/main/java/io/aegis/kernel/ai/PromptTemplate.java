package io.aegis.kernel.ai;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled prompt template. The syntax is the small subset of Go templates the original's prompt
 * files use, so they keep working unchanged:
 *
 * <ul>
 *   <li>{@code {{ .Name }}} — a variable;
 *   <li>{@code {{ index .Metadata "Key" }}} — the same as {@code {{ .Key }}};
 *   <li>{@code {{ if .Name }}…{{ else }}…{{ end }}} — a section shown when the variable is not
 *       blank (nesting allowed);
 *   <li>comments <code>{{/&#42; … &#42;/}}</code>, and <code>{{-</code> / <code>-}}</code> trimming
 *       the whitespace before / after the action.
 * </ul>
 *
 * Substitution is a single pass: a value containing {@code {{ … }}} is inserted as text, never
 * interpreted. A variable the kind does not declare, or any other action, is an error naming the
 * template's origin, raised when the template is compiled (not on first use with that data).
 */
final class PromptTemplate {
  private static final Pattern ACTION =
      Pattern.compile("\\{\\{(-?)(.*?)(-?)\\}\\}", Pattern.DOTALL);
  private static final Pattern VARIABLE = Pattern.compile("\\.([A-Za-z][A-Za-z0-9_]*)");
  private static final Pattern INDEX =
      Pattern.compile("index\\s+\\.Metadata\\s+\"([A-Za-z][A-Za-z0-9_]*)\"");

  private final String origin;
  private final List<Node> nodes;

  private PromptTemplate(String origin, List<Node> nodes) {
    this.origin = origin;
    this.nodes = nodes;
  }

  /**
   * Compiles {@code text}; {@code allowed} are the variable names it may use, {@code origin} names
   * the file in error messages.
   */
  static PromptTemplate compile(String text, Set<String> allowed, String origin) {
    List<Token> tokens = tokenize(text, origin);
    Parser parser = new Parser(tokens, allowed, origin);
    List<Node> nodes = parser.parseUntilEnd(false);
    return new PromptTemplate(origin, nodes);
  }

  String origin() {
    return origin;
  }

  String render(Map<String, String> vars) {
    StringBuilder out = new StringBuilder();
    renderAll(nodes, vars, out);
    return out.toString();
  }

  private static void renderAll(List<Node> nodes, Map<String, String> vars, StringBuilder out) {
    for (Node node : nodes) {
      if (node instanceof Text text) {
        out.append(text.text());
      } else if (node instanceof Var var) {
        out.append(vars.getOrDefault(var.name(), ""));
      } else if (node instanceof If cond) {
        String value = vars.getOrDefault(cond.name(), "");
        renderAll(value.isBlank() ? cond.otherwise() : cond.then(), vars, out);
      }
    }
  }

  // ---- lexing: text and actions, with {{- / -}} whitespace trimming applied to the text ----

  private sealed interface Token permits TextToken, ActionToken {}

  private record TextToken(String text) implements Token {}

  private record ActionToken(String body, int line) implements Token {}

  private static List<Token> tokenize(String text, String origin) {
    List<Token> tokens = new ArrayList<>();
    Matcher m = ACTION.matcher(text);
    int pos = 0;
    boolean trimNext = false;
    while (m.find()) {
      String before = text.substring(pos, m.start());
      if (trimNext) {
        before = before.stripLeading();
      }
      if (!m.group(1).isEmpty()) {
        before = before.stripTrailing();
      }
      if (!before.isEmpty()) {
        tokens.add(new TextToken(before));
      }
      int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
      tokens.add(new ActionToken(m.group(2).trim(), line));
      trimNext = !m.group(3).isEmpty();
      pos = m.end();
    }
    String rest = text.substring(pos);
    if (trimNext) {
      rest = rest.stripLeading();
    }
    if (rest.contains("{{")) {
      throw invalid(origin, "unclosed '{{'");
    }
    if (!rest.isEmpty()) {
      tokens.add(new TextToken(rest));
    }
    return tokens;
  }

  // ---- parsing ----

  private sealed interface Node permits Text, Var, If {}

  private record Text(String text) implements Node {}

  private record Var(String name) implements Node {}

  private record If(String name, List<Node> then, List<Node> otherwise) implements Node {}

  private static final class Parser {
    private final List<Token> tokens;
    private final Set<String> allowed;
    private final String origin;
    private int pos;
    private String stoppedAt;

    Parser(List<Token> tokens, Set<String> allowed, String origin) {
      this.tokens = tokens;
      this.allowed = allowed;
      this.origin = origin;
    }

    /** Parses nodes until {{ else }} / {{ end }} (inside an if) or the end of input (top level). */
    List<Node> parseUntilEnd(boolean insideIf) {
      List<Node> nodes = new ArrayList<>();
      while (pos < tokens.size()) {
        Token token = tokens.get(pos++);
        if (token instanceof TextToken text) {
          nodes.add(new Text(text.text()));
          continue;
        }
        ActionToken action = (ActionToken) token;
        String body = action.body();
        if (body.startsWith("/*") && body.endsWith("*/")) {
          continue;
        }
        if (body.equals("end") || body.equals("else")) {
          if (!insideIf) {
            throw invalid(origin, "line " + action.line() + ": '{{ " + body + " }}' without 'if'");
          }
          stoppedAt = body;
          return nodes;
        }
        if (body.startsWith("if ")) {
          String name = variable(body.substring(3).trim(), action.line());
          List<Node> then = parseUntilEnd(true);
          List<Node> otherwise = List.of();
          if ("else".equals(stoppedAt)) {
            otherwise = parseUntilEnd(true);
            if ("else".equals(stoppedAt)) {
              throw invalid(origin, "line " + action.line() + ": two '{{ else }}' in one 'if'");
            }
          }
          if (stoppedAt == null) {
            throw invalid(origin, "line " + action.line() + ": 'if' without '{{ end }}'");
          }
          stoppedAt = null;
          nodes.add(new If(name, then, otherwise));
          continue;
        }
        nodes.add(new Var(variable(body, action.line())));
      }
      stoppedAt = null;
      return nodes;
    }

    private String variable(String expression, int line) {
      String name;
      Matcher index = INDEX.matcher(expression);
      Matcher var = VARIABLE.matcher(expression);
      if (index.matches()) {
        name = index.group(1);
      } else if (var.matches()) {
        name = var.group(1);
      } else {
        throw invalid(
            origin,
            "line "
                + line
                + ": unsupported action '{{ "
                + expression
                + " }}' (use {{ .Name }}, {{ index .Metadata \"Name\" }}, {{ if .Name }}…{{ end }})");
      }
      if (!allowed.contains(name)) {
        throw invalid(
            origin,
            "line "
                + line
                + ": unknown variable '"
                + name
                + "' (available: "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      }
      return name;
    }
  }

  private static AegisException invalid(String origin, String problem) {
    return new AegisException(Reason.NOT_CONFIGURED, "prompt " + origin + ": " + problem);
  }
}
