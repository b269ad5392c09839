package io.aegis.rendersubmit.template;

import java.util.List;

/**
 * The result of checking a template without an alert: {@code valid} with any {@code warnings}, or
 * not valid with the {@code problem}.
 */
public record TemplateCheck(boolean valid, String problem, List<String> warnings) {
  static TemplateCheck ok(List<String> warnings) {
    return new TemplateCheck(true, null, List.copyOf(warnings));
  }

  static TemplateCheck invalid(String problem) {
    return new TemplateCheck(false, problem, List.of());
  }
}
