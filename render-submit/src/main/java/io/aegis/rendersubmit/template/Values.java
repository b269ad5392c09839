package io.aegis.rendersubmit.template;

/**
 * What may be interpolated where. Alert values come from outside (webhooks, an LLM, anyone who can
 * reach parse-alert), so a value is only spliced into a manifest verbatim when it is a plain token;
 * anything else must go through one of the escaping functions, which are exact for their context.
 */
final class Values {
  /** Longest value shown back in an error message. */
  private static final int PREVIEW = 60;

  private Values() {}

  /**
   * A plain token: ASCII letters, digits and {@code . _ - : / @ = + ,}, not starting with {@code -}
   * (which a command would read as an option). The empty string is allowed: it only arrives through
   * an explicit default such as {@code [=x!""]}, never from an alert.
   */
  static boolean isPlainToken(String value) {
    if (!value.isEmpty() && value.charAt(0) == '-') {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!isTokenChar(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || ".-_:/@=+,".indexOf(c) >= 0;
  }

  /** Why {@code value} is not a plain token, e.g. {@code contains ';', ' ', '|'}. */
  static String whyNotPlain(String value) {
    if (!value.isEmpty() && value.charAt(0) == '-') {
      return "starts with '-' (it would be read as an option)";
    }
    StringBuilder bad = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < value.length() && shown < 5; ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 128 && isTokenChar((char) cp)) {
        continue;
      }
      String d = describe(cp);
      if (bad.indexOf(d) < 0) {
        bad.append(bad.length() == 0 ? "" : ", ").append(d);
        shown++;
      }
    }
    return "contains " + bad;
  }

  /**
   * Rejects what no escaping makes safe: line breaks and other control or format characters
   * (including bidi overrides, which make a script read differently from what runs), private-use
   * characters (the renderer's own markers) and Argo's {@code {{}, which Argo would expand after
   * us.
   *
   * @return null when acceptable, else why not
   */
  static String whyNotEscapable(String value) {
    if (value.contains("{{")) {
      return "contains '{{' (Argo would expand it as a tag)";
    }
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.PRIVATE_USE
          || type == Character.SURROGATE
          || type == Character.UNASSIGNED) {
        return "contains " + describe(cp) + ", which cannot be embedded safely";
      }
    }
    return null;
  }

  /**
   * A POSIX shell word that reads back as exactly {@code value}: single quotes, with each {@code '}
   * written as {@code '\''}.
   */
  static String shellQuote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * A YAML double-quoted scalar that reads back as exactly {@code value}. It is also valid JSON;
   * everything outside printable ASCII is written as a {@code \\u} escape.
   */
  static String yamlString(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** {@code value} shortened and with non-printable characters made visible, for messages. */
  static String preview(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && out.length() < PREVIEW; ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 0x20 && cp < 0x7f) {
        out.appendCodePoint(cp);
      } else {
        out.append(String.format("\\u%04X", cp));
      }
    }
    if (out.length() >= PREVIEW) {
      out.setLength(PREVIEW);
      out.append("...");
    }
    return out.toString();
  }

  private static String describe(int cp) {
    if (cp == ' ') {
      return "a space";
    }
    if (cp == '\n') {
      return "a line break";
    }
    if (cp > 0x20 && cp < 0x7f) {
      return "'" + (char) cp + "'";
    }
    String name = Character.getName(cp);
    return String.format("U+%04X%s", cp, name == null ? "" : " " + name);
  }
}
