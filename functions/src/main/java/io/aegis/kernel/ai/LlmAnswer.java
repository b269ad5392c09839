package io.aegis.kernel.ai;

import io.aegis.kernel.crd.LlmUsage;
import java.time.Duration;

/**
 * What the LLM answered, and what it cost.
 *
 * @param text the answer, with redaction placeholders for e-mails and IPs restored
 * @param model the model that answered (as reported by the server, else as configured)
 * @param inputTokens prompt tokens, null when the server did not report usage
 * @param outputTokens answer tokens, null when the server did not report usage
 * @param latency wall time of the call, retries included
 * @param truncated true when the answer was cut off by {@code aegis.ai.max-tokens}
 */
public record LlmAnswer(
    String text,
    String model,
    Integer inputTokens,
    Integer outputTokens,
    Duration latency,
    boolean truncated) {

  /** The usage block of a diagnosis status; {@code cached} when the answer came from the cache. */
  public LlmUsage usage(boolean cached) {
    LlmUsage usage = new LlmUsage();
    usage.model = model;
    usage.inputTokens = inputTokens;
    usage.outputTokens = outputTokens;
    usage.latencyMillis = latency.toMillis();
    usage.cached = cached;
    return usage;
  }
}
