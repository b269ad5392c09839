package io.aegis.kernel.ai;

import java.util.Locale;

/** Language of the prompts, and of the answers the LLM is asked to give. */
public enum Language {
  EN("en", "English"),
  ZH("zh", "中文");

  private final String code;
  private final String displayName;

  Language(String code, String displayName) {
    this.code = code;
    this.displayName = displayName;
  }

  /** The directory name of this language's default prompts, e.g. {@code en}. */
  public String code() {
    return code;
  }

  /** How prompts name this language ({@code {{ .Language }}}). */
  public String displayName() {
    return displayName;
  }

  /** Parses {@code en} / {@code zh} (case-insensitive). */
  public static Language of(String code) {
    String c = code.trim().toLowerCase(Locale.ROOT);
    for (Language l : values()) {
      if (l.code.equals(c)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unsupported language '" + code + "' (en or zh)");
  }
}
