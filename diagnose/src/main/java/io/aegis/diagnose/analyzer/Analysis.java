package io.aegis.diagnose.analyzer;

import io.aegis.kernel.ai.PromptKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an analyzer found: the result lines, the verdict, and the variables of its prompt (for the
 * LLM explanation). Built with {@link Builder}; immutable afterwards.
 */
public final class Analysis {

  /** Verdict of {@code status.result.status}. */
  public enum Health {
    Healthy,
    Unhealthy,
    Unknown
  }

  private final PromptKind promptKind;
  private final List<Finding> findings;
  private final boolean undetermined;
  private final Map<String, String> promptVariables;

  private Analysis(Builder b) {
    this.promptKind = b.promptKind;
    this.findings = List.copyOf(b.findings);
    this.undetermined = b.undetermined;
    this.promptVariables = Map.copyOf(b.promptVariables);
  }

  public static Builder builder(PromptKind promptKind) {
    return new Builder(promptKind);
  }

  public PromptKind promptKind() {
    return promptKind;
  }

  public List<Finding> findings() {
    return findings;
  }

  /** Unhealthy with any failure; Unknown when the analyzer could not tell; Healthy otherwise. */
  public Health health() {
    if (!failures().isEmpty()) {
      return Health.Unhealthy;
    }
    return undetermined ? Health.Unknown : Health.Healthy;
  }

  public List<String> failures() {
    return texts(Finding.Level.FAILURE);
  }

  public List<String> warnings() {
    return texts(Finding.Level.WARNING);
  }

  public List<String> infos() {
    return texts(Finding.Level.INFO);
  }

  public List<Finding> at(Finding.Level level) {
    return findings.stream().filter(f -> f.level() == level).toList();
  }

  /** Variables for the prompt of {@link #promptKind()} beyond the three finding lists. */
  public Map<String, String> promptVariables() {
    return promptVariables;
  }

  private List<String> texts(Finding.Level level) {
    return findings.stream().filter(f -> f.level() == level).map(Finding::text).toList();
  }

  /** Collects findings in the order they are added. */
  public static final class Builder {
    private final PromptKind promptKind;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, String> promptVariables = new LinkedHashMap<>();
    private boolean undetermined;

    private Builder(PromptKind promptKind) {
      this.promptKind = promptKind;
    }

    public Builder failure(FindingType type, String text) {
      return add(new Finding(Finding.Level.FAILURE, type, text));
    }

    public Builder warning(FindingType type, String text) {
      return add(new Finding(Finding.Level.WARNING, type, text));
    }

    public Builder info(FindingType type, String text) {
      return add(new Finding(Finding.Level.INFO, type, text));
    }

    public Builder add(Finding finding) {
      findings.add(finding);
      return this;
    }

    public Builder addAll(List<Finding> more) {
      findings.addAll(more);
      return this;
    }

    /** The analyzer could not determine the state (e.g. pod phase Unknown). */
    public Builder undetermined() {
      this.undetermined = true;
      return this;
    }

    public Builder variable(String name, String value) {
      promptVariables.put(name, value == null ? "" : value);
      return this;
    }

    public Analysis build() {
      return new Analysis(this);
    }
  }
}
