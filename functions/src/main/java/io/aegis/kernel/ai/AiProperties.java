package io.aegis.kernel.ai;

import static io.aegis.kernel.config.PropertyChecks.atLeast;
import static io.aegis.kernel.config.PropertyChecks.between;
import static io.aegis.kernel.config.PropertyChecks.notBlank;
import static io.aegis.kernel.config.PropertyChecks.positive;
import static io.aegis.kernel.config.PropertyChecks.required;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * LLM settings ({@code aegis.ai.*}). Without an {@code api-key} every AI feature reports "not
 * configured" and nothing LLM-related is built. Any OpenAI-compatible server works (OpenAI, vLLM,
 * Ollama, LocalAI); for servers that ignore keys, set any non-empty key.
 *
 * @param baseUrl base URL of the OpenAI-compatible API, up to and including the version path
 *     ({@code /v1}); {@code /chat/completions} is appended.
 * @param model model name sent with every request.
 * @param apiKey API key, sent as a bearer token; mount it from a Secret as {@code
 *     AEGIS_AI_API_KEY}. Empty means AI is not configured.
 * @param timeout maximum time for one LLM call (connect and answer).
 * @param maxTokens maximum tokens of one answer (cost control).
 * @param temperature sampling temperature, 0–2; low values give repeatable answers.
 * @param maxRetries retries of a failed call (5xx, timeouts) before reporting the LLM unavailable.
 * @param maxPromptChars longest prompt sent, in characters; longer data is cut in the middle.
 * @param language language of the prompts and the answers: {@code en} or {@code zh}.
 * @param promptDir directory whose prompt files (a mounted ConfigMap) override the built-in ones.
 * @param redact which classes of sensitive values are masked before anything is sent.
 * @param cacheTtl how long an explanation is reused for the same object and content; 0 disables.
 * @param cacheSize maximum number of cached explanations.
 */
@ConfigurationProperties("aegis.ai")
public record AiProperties(
    @DefaultValue("https://api.openai.com/v1") URI baseUrl,
    @DefaultValue("gpt-4o-mini") String model,
    String apiKey,
    @DefaultValue("60s") Duration timeout,
    @DefaultValue("2048") Integer maxTokens,
    @DefaultValue("0.2") Double temperature,
    @DefaultValue("1") int maxRetries,
    @DefaultValue("60000") int maxPromptChars,
    @DefaultValue("en") Language language,
    Path promptDir,
    @DefaultValue Redact redact,
    @DefaultValue("10m") Duration cacheTtl,
    @DefaultValue("500") int cacheSize) {

  /** Checked at startup: an invalid value fails the start with the property's name. */
  public AiProperties {
    required("aegis.ai.base-url", baseUrl);
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "aegis.ai.base-url must be an absolute http(s) URL, got '" + baseUrl + "'");
    }
    notBlank("aegis.ai.model", model);
    positive("aegis.ai.timeout", timeout);
    atLeast("aegis.ai.max-tokens", required("aegis.ai.max-tokens", maxTokens), 1);
    between("aegis.ai.temperature", temperature, 0, 2);
    atLeast("aegis.ai.max-retries", maxRetries, 0);
    atLeast("aegis.ai.max-prompt-chars", maxPromptChars, 1000);
    required("aegis.ai.language", language);
    required("aegis.ai.redact", redact);
    if (required("aegis.ai.cache-ttl", cacheTtl).isNegative()) {
      throw new IllegalArgumentException("aegis.ai.cache-ttl must not be negative");
    }
    atLeast("aegis.ai.cache-size", cacheSize, 1);
  }

  /** Defaults everywhere, no key: AI not configured. */
  public static AiProperties defaults() {
    return new AiProperties(
        URI.create("https://api.openai.com/v1"),
        "gpt-4o-mini",
        null,
        Duration.ofSeconds(60),
        2048,
        0.2,
        1,
        60000,
        Language.EN,
        null,
        Redact.all(),
        Duration.ofMinutes(10),
        500);
  }

  /** True when an API key is set, i.e. AI features are usable. */
  public boolean configured() {
    return apiKey != null && !apiKey.isBlank();
  }

  /** A copy pointing at another server with another key (tests, local runner). */
  public AiProperties withServer(String baseUrl, String apiKey) {
    return new AiProperties(
        URI.create(baseUrl),
        model,
        apiKey,
        timeout,
        maxTokens,
        temperature,
        maxRetries,
        maxPromptChars,
        language,
        promptDir,
        redact,
        cacheTtl,
        cacheSize);
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "AiProperties[baseUrl="
        + baseUrl
        + ", model="
        + model
        + ", apiKey="
        + (configured() ? "****" : "<none>")
        + ", timeout="
        + timeout
        + ", maxTokens="
        + maxTokens
        + ", temperature="
        + temperature
        + ", maxRetries="
        + maxRetries
        + ", maxPromptChars="
        + maxPromptChars
        + ", language="
        + language
        + ", promptDir="
        + promptDir
        + ", redact="
        + redact
        + ", cacheTtl="
        + cacheTtl
        + ", cacheSize="
        + cacheSize
        + "]";
  }

  /**
   * Which classes of sensitive values are masked in prompts ({@code aegis.ai.redact.*}); all on by
   * default.
   *
   * @param tokens bearer tokens, JWTs and well-known token formats ({@code sk-…}, {@code ghp_…}).
   * @param passwords values of password / secret / token / api-key style keys ({@code k=v}, {@code
   *     k: v}, JSON pairs, env entries, CLI flags, URL credentials).
   * @param keys private key blocks, cloud access key ids and long random base64-like strings.
   * @param authorization values of {@code Authorization}, {@code Proxy-Authorization} and cookie
   *     headers.
   * @param emails e-mail addresses (replaced by stable placeholders, restored in answers).
   * @param ips IPv4 and IPv6 addresses (replaced by stable placeholders, restored in answers).
   */
  public record Redact(
      @DefaultValue("true") boolean tokens,
      @DefaultValue("true") boolean passwords,
      @DefaultValue("true") boolean keys,
      @DefaultValue("true") boolean authorization,
      @DefaultValue("true") boolean emails,
      @DefaultValue("true") boolean ips) {

    public static Redact all() {
      return new Redact(true, true, true, true, true, true);
    }

    public static Redact none() {
      return new Redact(false, false, false, false, false, false);
    }

    /** The enabled classes. */
    public Set<Redactor.Category> categories() {
      Set<Redactor.Category> set = EnumSet.noneOf(Redactor.Category.class);
      if (tokens) set.add(Redactor.Category.TOKENS);
      if (passwords) set.add(Redactor.Category.PASSWORDS);
      if (keys) set.add(Redactor.Category.KEYS);
      if (authorization) set.add(Redactor.Category.AUTHORIZATION);
      if (emails) set.add(Redactor.Category.EMAILS);
      if (ips) set.add(Redactor.Category.IPS);
      return set;
    }
  }
}
