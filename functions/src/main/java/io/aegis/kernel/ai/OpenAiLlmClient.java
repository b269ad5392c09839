package io.aegis.kernel.ai;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LlmClient} over langchain4j's OpenAI chat model, so any OpenAI-compatible server works.
 * The model is built on the first call. Every prompt goes through the {@link Redactor} first.
 */
final class OpenAiLlmClient implements LlmClient {
  private static final Logger log = LoggerFactory.getLogger(OpenAiLlmClient.class);
  private static final int MAX_DETAIL = 300;

  private final AiProperties properties;
  private final Redactor redactor;
  private final Supplier<ChatModel> modelFactory;
  private volatile ChatModel model;

  OpenAiLlmClient(AiProperties properties, Redactor redactor) {
    this(properties, redactor, () -> buildModel(properties));
  }

  OpenAiLlmClient(AiProperties properties, Redactor redactor, Supplier<ChatModel> modelFactory) {
    this.properties = properties;
    this.redactor = redactor;
    this.modelFactory = modelFactory;
  }

  static ChatModel buildModel(AiProperties p) {
    return OpenAiChatModel.builder()
        .baseUrl(p.baseUrl().toString())
        .apiKey(p.apiKey())
        .modelName(p.model())
        .timeout(p.timeout())
        .maxTokens(p.maxTokens())
        .temperature(p.temperature())
        .maxRetries(p.maxRetries())
        .logRequests(false)
        .logResponses(false)
        .build();
  }

  @Override
  public boolean isConfigured() {
    return true;
  }

  /** True once the first call built the chat model (tests check that startup does not). */
  boolean modelBuilt() {
    return model != null;
  }

  @Override
  public LlmAnswer ask(String systemPrompt, String userPrompt) {
    if (userPrompt == null || userPrompt.isBlank()) {
      throw new IllegalArgumentException("the user prompt is empty");
    }
    Redactor.Session session = redactor.session();
    String system = systemPrompt == null ? "" : session.redact(systemPrompt);
    String user = fit(session.redact(userPrompt), properties.maxPromptChars() - system.length());
    List<ChatMessage> messages = new ArrayList<>(2);
    if (!system.isBlank()) {
      messages.add(SystemMessage.from(system));
    }
    messages.add(UserMessage.from(user));
    if (log.isDebugEnabled()) {
      log.debug("LLM request (redacted): system={} user={}", system, user);
    }

    long start = System.nanoTime();
    ChatResponse response;
    try {
      response = model().chat(ChatRequest.builder().messages(messages).build());
    } catch (AegisException e) {
      throw e;
    } catch (RuntimeException e) {
      Duration spent = Duration.ofNanos(System.nanoTime() - start);
      AegisException failure = unavailable(e, spent);
      log.warn("{}", failure.getMessage());
      throw failure;
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - start);

    AiMessage message = response.aiMessage();
    String text = message == null ? null : message.text();
    boolean truncated = response.finishReason() == FinishReason.LENGTH;
    if (text == null || text.isBlank()) {
      throw new AegisException(
          Reason.LLM_UNAVAILABLE,
          where()
              + " answered nothing (finish reason "
              + response.finishReason()
              + (truncated ? "; raise aegis.ai.max-tokens" : "")
              + ")");
    }
    TokenUsage usage = response.tokenUsage();
    String answeredBy = response.modelName() == null ? properties.model() : response.modelName();
    LlmAnswer answer =
        new LlmAnswer(
            session.restore(text),
            answeredBy,
            usage == null ? null : usage.inputTokenCount(),
            usage == null ? null : usage.outputTokenCount(),
            latency,
            truncated);
    log.info(
        "LLM answered: model={} inputTokens={} outputTokens={} latencyMs={}{}",
        answer.model(),
        answer.inputTokens(),
        answer.outputTokens(),
        latency.toMillis(),
        truncated ? " (truncated at aegis.ai.max-tokens)" : "");
    if (log.isDebugEnabled()) {
      log.debug("LLM answer: {}", text);
    }
    return answer;
  }

  /**
   * Cuts {@code user} to {@code budget} characters by dropping its middle: alert bodies carry most
   * in their head, logs in their tail. The model is told that something was cut.
   */
  static String fit(String user, int budget) {
    int limit = Math.max(budget, 200);
    if (user.length() <= limit) {
      return user;
    }
    String marker = "\n[... " + (user.length() - limit) + " characters cut ...]\n";
    int keep = limit - marker.length();
    int head = keep / 2;
    int tail = keep - head;
    if (Character.isHighSurrogate(user.charAt(head - 1))) {
      head--;
    }
    if (Character.isLowSurrogate(user.charAt(user.length() - tail))) {
      tail--;
    }
    log.warn(
        "prompt cut from {} to {} characters (aegis.ai.max-prompt-chars)", user.length(), limit);
    return user.substring(0, head) + marker + user.substring(user.length() - tail);
  }

  private ChatModel model() {
    ChatModel m = model;
    if (m == null) {
      synchronized (this) {
        m = model;
        if (m == null) {
          m = modelFactory.get();
          model = m;
          log.info("LLM client ready: {} model {}", properties.baseUrl(), properties.model());
        }
      }
    }
    return m;
  }

  private String where() {
    return "LLM at " + properties.baseUrl() + " (model " + properties.model() + ")";
  }

  private AegisException unavailable(RuntimeException e, Duration spent) {
    String problem;
    Integer status = null;
    Throwable timeout = null;
    Throwable connect = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpException http && status == null) {
        status = http.statusCode();
      }
      if (t instanceof HttpTimeoutException
          || t instanceof SocketTimeoutException
          || t instanceof dev.langchain4j.exception.TimeoutException
          || t instanceof java.util.concurrent.TimeoutException) {
        timeout = t;
      }
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof UnresolvedAddressException) {
        connect = t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (status != null && (status == 400 || status == 413 || status == 422)) {
      // The same request will be rejected again (prompt too long, unsupported parameter): retrying
      // cannot help, so this is not a transient failure.
      return new AegisException(
          Reason.UNPROCESSABLE,
          where() + " rejected the request (HTTP " + status + "): " + detail(e),
          e);
    }
    if (status != null && (status == 401 || status == 403)) {
      problem = "rejected the API key (HTTP " + status + ")";
    } else if (status != null) {
      problem = "answered HTTP " + status + ": " + detail(e);
    } else if (timeout != null) {
      problem = "did not answer within " + properties.timeout() + " (aegis.ai.timeout)";
    } else if (connect != null) {
      problem = "cannot be reached: " + detail(connect);
    } else {
      problem = "failed: " + detail(e);
    }
    return new AegisException(
        Reason.LLM_UNAVAILABLE, where() + " " + problem + " after " + spent.toMillis() + " ms", e);
  }

  /** The innermost useful message, on one line and bounded (server bodies can be long). */
  private static String detail(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null && message == null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    message = message.replaceAll("\\s+", " ").strip();
    return message.length() > MAX_DETAIL ? message.substring(0, MAX_DETAIL) + "…" : message;
  }

  @Override
  public String toString() {
    return "LlmClient[" + properties.baseUrl() + ", model " + properties.model() + "]";
  }
}
