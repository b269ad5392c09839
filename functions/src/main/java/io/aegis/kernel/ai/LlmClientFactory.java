package io.aegis.kernel.ai;

/**
 * Builds the {@link LlmClient} from {@code aegis.ai.*}: an OpenAI-compatible client when an API key
 * is set, otherwise a client that reports "not configured". The underlying chat model (HTTP client
 * and all) is built on the first call, not here, so a function's cold start pays nothing for AI.
 */
public final class LlmClientFactory {

  /** The client for {@code properties}, masking prompts with {@code redactor}. */
  public static LlmClient create(AiProperties properties, Redactor redactor) {
    if (!properties.configured()) {
      return new NotConfiguredLlmClient();
    }
    return new OpenAiLlmClient(properties, redactor);
  }

  private LlmClientFactory() {}
}
