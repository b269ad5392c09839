package io.aegis.rendersubmit.template;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compatibility with the Go original's templates: a Go-template field reference {@code {{.node}}}
 * or {@code {{ .node }}} becomes {@code [=node]}. Every other Go-template action is rejected with
 * the FreeMarker equivalent. Argo tags ({@code {{workflow.name}}}, {@code {{inputs.parameters.x}}},
 * {@code {{=expr}}}) never start with a dot, a quote or a Go keyword, so they are left alone, as is
 * everything inside {@code [#noparse]...[/#noparse]}.
 */
final class LegacySyntax {
  private static final Pattern FIELD =
      Pattern.compile("\\{\\{[ \\t]*\\.([A-Za-z_][A-Za-z0-9_]*)[ \\t]*}}");
  private static final Pattern NOPARSE_START = Pattern.compile("\\[#noparse]");
  private static final Pattern NOPARSE_END = Pattern.compile("\\[/#noparse]");

  /** Go-template keywords and built-in functions: an action starting with one is not Argo. */
  private static final Set<String> GO_WORDS =
      Set.of(
          "if",
          "else",
          "end",
          "range",
          "with",
          "define",
          "template",
          "block",
          "break",
          "continue",
          "keep",
          "and",
          "or",
          "not",
          "len",
          "index",
          "slice",
          "print",
          "printf",
          "println",
          "html",
          "js",
          "urlquery",
          "call",
          "eq",
          "ne",
          "lt",
          "le",
          "gt",
          "ge",
          "nil");

  private LegacySyntax() {}

  /** {@code manifest} with {@code {{.x}}} translated; throws on any other Go-template action. */
  static String translate(String manifest) {
    StringBuilder out = new StringBuilder(manifest.length());
    int pos = 0;
    while (pos < manifest.length()) {
      Matcher np = NOPARSE_START.matcher(manifest).region(pos, manifest.length());
      int stop = np.find() ? np.start() : manifest.length();
      translateSegment(manifest, pos, stop, out);
      if (stop == manifest.length()) {
        break;
      }
      Matcher end = NOPARSE_END.matcher(manifest).region(np.end(), manifest.length());
      int resume = end.find() ? end.end() : manifest.length();
      out.append(manifest, stop, resume);
      pos = resume;
    }
    return out.toString();
  }

  private static void translateSegment(String s, int from, int to, StringBuilder out) {
    int pos = from;
    while (pos < to) {
      int open = s.indexOf("{{", pos);
      if (open < 0 || open >= to) {
        out.append(s, pos, to);
        return;
      }
      out.append(s, pos, open);
      Matcher field = FIELD.matcher(s).region(open, to);
      if (field.lookingAt()) {
        out.append("[=").append(field.group(1)).append(']');
        pos = field.end();
        continue;
      }
      String problem = goAction(s, open, to);
      if (problem != null) {
        throw new TemplateInvalidException(
            "line " + lineOf(s, open) + ": Go-template action " + problem);
      }
      out.append("{{");
      pos = open + 2;
    }
  }

  /** Null when the {@code {{...}}} at {@code open} is an Argo tag, else what is wrong with it. */
  private static String goAction(String s, int open, int to) {
    int close = s.indexOf("}}", open + 2);
    String action =
        close < 0 || close > to
            ? s.substring(open, Math.min(to, open + 40))
            : s.substring(open, close + 2);
    String shown = "'" + firstLine(action) + "'";
    String inner = action.substring(2).stripLeading();
    if (inner.isEmpty()) {
      return null;
    }
    char first = inner.charAt(0);
    if (first == '-' || action.matches("(?s).*\\s-}}$")) {
      return shown
          + " uses whitespace trimming, which is not supported; write [=name] and lay out the"
          + " text as it should appear";
    }
    if (first == '.') {
      return shown
          + " is not a simple field reference; only {{.name}} is translated (to [=name]); use"
          + " FreeMarker, e.g. [=alert.spec.type] for nested fields";
    }
    if (first == '$') {
      return shown + " uses a Go-template variable; use [#assign name = ...] and [=name]";
    }
    if (inner.startsWith("/*")) {
      return shown + " is a Go-template comment; use [#-- ... --]";
    }
    if (first == '"' || first == '`' || first == '(') {
      return shown
          + " emits a literal; write the text directly, and wrap literal template text such as"
          + " {{.State}} in [#noparse]...[/#noparse]";
    }
    Matcher word = Pattern.compile("[A-Za-z_]+").matcher(inner);
    if (!word.lookingAt()) {
      return null;
    }
    String w = word.group();
    if (inner.length() > w.length() && inner.charAt(w.length()) == '.') {
      return null; // workflow.name, inputs.parameters.x, ...: Argo
    }
    if (!GO_WORDS.contains(w)) {
      return null; // {{item}}, {{retries}}: Argo
    }
    return shown + " is not supported; " + hint(w.toLowerCase(Locale.ROOT));
  }

  private static String hint(String word) {
    return switch (word) {
      case "if" -> "use [#if name??]...[/#if] (or [#if name == \"x\"])";
      case "else" -> "use [#else] (or [#elseif ...])";
      case "end" -> "close the block with [/#if] or [/#list]";
      case "range" -> "use [#list items as item]...[/#list]";
      case "with" -> "use [#if name??]...[/#if]";
      case "keep" ->
          "{{keep \"x\"}} kept {{.x}} for a second rendering pass; write [=x] (one pass renders"
              + " everything), or [#noparse]{{.x}}[/#noparse] for a literal";
      case "define", "template", "block" -> "use [#macro name]...[/#macro] and [@name/]";
      default -> "use a FreeMarker expression inside [=...] (built-ins: ?upper_case, ?length, ...)";
    };
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + "...";
  }

  static int lineOf(String s, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (s.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
