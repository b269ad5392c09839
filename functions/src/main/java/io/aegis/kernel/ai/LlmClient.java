package io.aegis.kernel.ai;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;

/**
 * The one way functions talk to an LLM. Implementations mask sensitive values ({@link Redactor}) in
 * every prompt before it is sent, and never expose client-library types.
 */
public interface LlmClient {

  /** False when no API key is configured: {@link #ask} then always fails with NOT_CONFIGURED. */
  boolean isConfigured();

  /**
   * Sends one chat request: {@code systemPrompt} as the system message (skipped when blank) and
   * {@code userPrompt} as the user message.
   *
   * @throws AegisException {@link Reason#NOT_CONFIGURED} without an API key; {@link
   *     Reason#LLM_UNAVAILABLE} (transient) when the server fails, times out, rejects the key or
   *     answers nothing; {@link Reason#UNPROCESSABLE} when the server rejects this request as
   *     invalid (HTTP 400, e.g. too long for the model), which retrying cannot fix
   */
  LlmAnswer ask(String systemPrompt, String userPrompt);

  /** Sends a rendered prompt (see {@link #ask(String, String)}). */
  default LlmAnswer ask(RenderedPrompt prompt) {
    return ask(prompt.system(), prompt.user());
  }
}
