package io.aegis.rendersubmit.template;

/**
 * One value the renderer spliced into the manifest, wrapped in private-use marker characters so
 * that, after YAML parsing, the renderer can check the value landed inside a single scalar exactly
 * as intended (see {@link ManifestParser}).
 *
 * <p>Marked text: {@code OPEN(kind) ID_HI ID_LO content CLOSE}, where {@code content} is what the
 * scalar must contain after YAML parsing. For {@link Kind#YAML} the marks sit inside the double
 * quotes and the content is the raw value; for {@link Kind#SHELL} they sit inside the single quotes
 * and the content is the quoted body.
 */
record Insertion(Kind kind, int id, String expression, String content) {
  enum Kind {
    /** A plain token interpolated as is ({@code [=node]}). */
    PLAIN('\uE000'),
    /** {@code yaml_string(x)}: a whole YAML double-quoted scalar. */
    YAML('\uE001'),
    /** {@code shell_quote(x)}: a single-quoted shell word. */
    SHELL('\uE002');

    final char open;

    Kind(char open) {
      this.open = open;
    }

    static Kind ofOpen(char c) {
      for (Kind k : values()) {
        if (k.open == c) {
          return k;
        }
      }
      return null;
    }
  }

  static final char CLOSE = '\uE00F';
  static final char ID_BASE = '\uE100';
  static final int MAX_INSERTIONS = 1 << 16;

  /** First and last character of the range the renderer reserves; manifests may not contain it. */
  static final char RESERVED_FIRST = '\uE000';

  static final char RESERVED_LAST = '\uE1FF';

  static boolean isReserved(char c) {
    return c >= RESERVED_FIRST && c <= RESERVED_LAST;
  }

  /** The marked form of {@code text} (which for YAML/SHELL is the escaped body). */
  String mark(String text) {
    return new StringBuilder(text.length() + 4)
        .append(kind.open)
        .append((char) (ID_BASE + (id >> 8)))
        .append((char) (ID_BASE + (id & 0xff)))
        .append(text)
        .append(CLOSE)
        .toString();
  }

  static int decodeId(char hi, char lo) {
    return ((hi - ID_BASE) << 8) | (lo - ID_BASE);
  }
}
