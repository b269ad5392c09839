package io.aegis.diagnose;

import io.aegis.diagnose.analyzer.Analysis;
import io.aegis.kernel.ai.ExplanationCache;
import io.aegis.kernel.ai.LlmClient;
import io.aegis.kernel.ai.PromptKind;
import io.aegis.kernel.ai.Prompts;
import io.aegis.kernel.ai.RenderedPrompt;
import io.aegis.kernel.crd.LlmUsage;
import io.aegis.kernel.error.AegisException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@code explain} of a diagnosis: the LLM's answer when an LLM is configured and the
 * object is not healthy (a healthy object costs no call), otherwise the deterministic {@link
 * Summary}. An LLM failure never fails the diagnosis: the summary is used, with the reason
 * appended. Prompts are redacted by the {@link LlmClient}; answers are cached by (kind, object,
 * prompt).
 */
public class Explainer {
  private static final Logger log = LoggerFactory.getLogger(Explainer.class);

  private final LlmClient llm;
  private final Prompts prompts;
  private final ExplanationCache cache;

  public Explainer(LlmClient llm, Prompts prompts, ExplanationCache cache) {
    this.llm = llm;
    this.prompts = prompts;
    this.cache = cache;
  }

  /** The explanation and, when the LLM answered, what it cost. */
  public record Explanation(String text, LlmUsage usage) {}

  /** True when {@link #explain} would call the LLM (used to write the result first). */
  public boolean wouldAsk(Analysis analysis) {
    return llm.isConfigured() && analysis.health() != Analysis.Health.Healthy;
  }

  public Explanation explain(Target target, Analysis analysis) {
    String summary = Summary.of(analysis);
    if (!wouldAsk(analysis)) {
      return new Explanation(summary, null);
    }
    try {
      RenderedPrompt prompt = prompts.render(analysis.promptKind(), variables(target, analysis));
      ExplanationCache.Lookup lookup =
          cache.getOrAsk(
              ExplanationCache.Key.of(target.kind(), objectKey(target), prompt),
              () -> llm.ask(prompt));
      log.info(
          "explained {} with {} ({})",
          target.describe(),
          lookup.answer().model(),
          lookup.cached() ? "cached" : lookup.answer().latency().toMillis() + " ms");
      String text = lookup.answer().text().strip();
      if (lookup.answer().truncated()) {
        text += "\n(the answer was cut off at aegis.ai.max-tokens)";
      }
      return new Explanation(text, lookup.answer().usage(lookup.cached()));
    } catch (AegisException e) {
      log.warn("LLM explanation of {} failed: {}", target.describe(), e.getMessage());
      return new Explanation(
          summary + "\n(LLM explanation unavailable: " + e.getMessage() + ")", null);
    }
  }

  static Map<String, String> variables(Target target, Analysis analysis) {
    PromptKind kind = analysis.promptKind();
    Map<String, String> vars = new HashMap<>();
    vars.put("Name", target.name());
    vars.put("Namespace", target.namespace());
    vars.put("ErrorInfo", String.join("\n", analysis.failures()));
    vars.put("EventInfo", String.join("\n", analysis.warnings()));
    vars.put("LogInfo", String.join("\n", analysis.infos()));
    vars.putAll(analysis.promptVariables());
    vars.keySet().retainAll(kind.variables());
    vars.remove(PromptKind.LANGUAGE);
    vars.values().removeIf(v -> v == null);
    return vars;
  }

  private static String objectKey(Target target) {
    return target.namespace() == null ? target.name() : target.namespace() + "/" + target.name();
  }
}
