package io.aegis.kernel.ai;

import java.util.Set;
import java.util.TreeSet;

/**
 * The prompts Aegis sends, each a file {@code aegis/prompts/<lang>/<name>.txt} in the jar,
 * overridable in {@code aegis.ai.prompt-dir}. Each kind declares the variables its template may
 * use; {@code Language} is always available.
 */
public enum PromptKind {
  /** Turn any alert text into custom-format alert JSON (parse-alert, {@code /ai/alert}). */
  ALERT_PARSE("alert-parse", "alertparse", Set.of("RawAlert")),
  /** Explain a Pod diagnosis. */
  DIAGNOSE_POD(
      "diagnose-pod",
      "pod",
      Set.of("Name", "Namespace", "ErrorInfo", "EventInfo", "LogInfo", "Keywords")),
  /** Explain a Node diagnosis. */
  DIAGNOSE_NODE("diagnose-node", "node", Set.of("Name", "ErrorInfo", "EventInfo", "LogInfo")),
  /** Explain a PyTorchJob diagnosis ({@code Metadata} keys of the original are plain variables). */
  DIAGNOSE_PYTORCHJOB(
      "diagnose-pytorchjob",
      "pytorchjob",
      Set.of(
          "Name",
          "Namespace",
          "ErrorInfo",
          "EventInfo",
          "LogInfo",
          "Keywords",
          "JobName",
          "JobStatus",
          "LauncherStatus",
          "MasterExpected",
          "MasterCreatedCount",
          "WorkerExpected",
          "WorkerCreatedCount",
          "MasterDiagnosis",
          "WorkerDiagnosis"));

  /** Variable every template may use: the configured answer language. */
  public static final String LANGUAGE = "Language";

  private final String fileName;
  private final String legacyName;
  private final Set<String> variables;

  PromptKind(String fileName, String legacyName, Set<String> variables) {
    this.fileName = fileName;
    this.legacyName = legacyName;
    Set<String> all = new TreeSet<>(variables);
    all.add(LANGUAGE);
    this.variables = Set.copyOf(all);
  }

  /** Base name of the prompt file, e.g. {@code diagnose-pod}. */
  public String fileName() {
    return fileName;
  }

  /** The original's override file name without {@code .tmpl}, e.g. {@code pod}. */
  public String legacyName() {
    return legacyName;
  }

  /** Variables the template may use, including {@code Language}. */
  public Set<String> variables() {
    return variables;
  }
}
