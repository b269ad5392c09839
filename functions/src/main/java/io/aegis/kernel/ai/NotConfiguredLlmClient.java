package io.aegis.kernel.ai;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;

/** The client when no API key is set: every call reports "not configured". */
final class NotConfiguredLlmClient implements LlmClient {
  static final String MESSAGE =
      "AI is not configured: set aegis.ai.api-key (environment AEGIS_AI_API_KEY, from a Secret)";

  @Override
  public boolean isConfigured() {
    return false;
  }

  @Override
  public LlmAnswer ask(String systemPrompt, String userPrompt) {
    throw new AegisException(Reason.NOT_CONFIGURED, MESSAGE);
  }

  @Override
  public String toString() {
    return "LlmClient[not configured]";
  }
}
