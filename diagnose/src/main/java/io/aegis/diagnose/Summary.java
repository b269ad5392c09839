package io.aegis.diagnose;

import io.aegis.diagnose.analyzer.Analysis;
import io.aegis.diagnose.analyzer.Finding;
import io.aegis.diagnose.analyzer.FindingType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The explanation written without an LLM: {@code Healthy: Yes/No/Unknown}, the top findings, and
 * one suggested action per type of finding. Deterministic, so a diagnosis is useful with AI off.
 */
final class Summary {
  static final int TOP = 3;
  static final int MAX_LINE = 300;

  private Summary() {}

  static String of(Analysis analysis) {
    List<Finding> failures = analysis.at(Finding.Level.FAILURE);
    List<Finding> warnings = analysis.at(Finding.Level.WARNING);
    StringBuilder s = new StringBuilder("Healthy: ").append(healthy(analysis.health()));
    List<Finding> top = failures.isEmpty() ? warnings : failures;
    if (failures.isEmpty() && analysis.health() == Analysis.Health.Healthy) {
      s.append("\nNo problems found.");
      if (!warnings.isEmpty()) {
        s.append(' ')
            .append(warnings.size())
            .append(warnings.size() == 1 ? " warning was" : " warnings were")
            .append(" recorded (see result.warnings); none makes it unhealthy.");
      }
      return s.toString();
    }
    s.append(failures.isEmpty() ? "\nWarnings:" : "\nProblems:");
    top.stream().limit(TOP).forEach(f -> s.append("\n- ").append(shorten(f.text())));
    if (top.size() > TOP) {
      s.append("\n- … and ").append(top.size() - TOP).append(" more (see result)");
    }
    Set<FindingType> types = new LinkedHashSet<>();
    top.forEach(f -> types.add(f.type()));
    types.remove(FindingType.CONTEXT);
    if (types.size() > 1) {
      types.remove(FindingType.EVENT);
    }
    if (!types.isEmpty()) {
      s.append("\nSuggested actions:");
      types.forEach(t -> s.append("\n- ").append(t.title()).append(": ").append(t.action()));
    }
    return s.toString();
  }

  private static String healthy(Analysis.Health health) {
    return switch (health) {
      case Healthy -> "Yes";
      case Unhealthy -> "No";
      case Unknown -> "Unknown";
    };
  }

  private static String shorten(String text) {
    String firstLine = text.lines().findFirst().orElse("");
    if (firstLine.length() <= MAX_LINE && firstLine.length() == text.length()) {
      return text;
    }
    return (firstLine.length() > MAX_LINE ? firstLine.substring(0, MAX_LINE) : firstLine) + " …";
  }
}
