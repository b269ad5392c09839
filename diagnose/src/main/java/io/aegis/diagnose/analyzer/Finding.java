package io.aegis.diagnose.analyzer;

import java.util.Objects;

/**
 * One line of a diagnosis result.
 *
 * @param level where the line goes: {@code failures}, {@code warnings} or {@code infos}
 * @param type what it is about (selects the suggested action)
 * @param text the line, written for a human
 */
public record Finding(Level level, FindingType type, String text) {

  /** The three lists of {@code status.result}. */
  public enum Level {
    FAILURE,
    WARNING,
    INFO
  }

  public Finding {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
  }

  /** The same finding with {@code prefix} in front of its text (e.g. the pod it is about). */
  public Finding prefixed(String prefix) {
    return new Finding(level, type, prefix + text);
  }
}
