package io.aegis.parsealert;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.ai.AlertJsonExtractor;
import io.aegis.kernel.ai.LlmAnswer;
import io.aegis.kernel.ai.LlmClient;
import io.aegis.kernel.ai.PromptKind;
import io.aegis.kernel.ai.Prompts;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Free text in, alerts out: the LLM is asked (alert-parse prompt, redacted by the kernel client) to
 * write custom-format alert JSON — one object or an array — which is then validated as strictly as
 * a webhook body. An answer without JSON, or with any invalid alert in it, fails the whole request
 * (422): never a half-made alert.
 */
@Component
class AiAlertParser {
  private static final Logger log = LoggerFactory.getLogger(AiAlertParser.class);

  private final LlmClient llm;
  private final Prompts prompts;

  AiAlertParser(LlmClient llm, Prompts prompts) {
    this.llm = llm;
    this.prompts = prompts;
  }

  /**
   * @throws AegisException NOT_CONFIGURED (503) without an AI key, LLM_UNAVAILABLE (503) when the
   *     model cannot be reached, UNPROCESSABLE (422) when its answer is not valid alerts
   */
  List<Alert> parse(byte[] body, AlertSource source) {
    if (!llm.isConfigured()) {
      throw new AegisException(
          Reason.NOT_CONFIGURED,
          "AI alert parsing is not configured: set aegis.ai.api-key (AEGIS_AI_API_KEY)");
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw AegisException.invalid("the body is empty: send the alert text to parse");
    }
    LlmAnswer answer = llm.ask(prompts.render(PromptKind.ALERT_PARSE, Map.of("RawAlert", text)));
    log.debug("alert-parse answer from {}: {}", answer.model(), answer.text());
    if (answer.truncated()) {
      throw new AegisException(
          Reason.UNPROCESSABLE,
          "the model's answer was cut off by aegis.ai.max-tokens; raise it or send less text");
    }
    return fromAnswer(answer.text(), source);
  }

  /**
   * Validates the model's answer: the JSON in it (code fences and surrounding prose dropped), one
   * alert object or a non-empty array of them, each valid.
   */
  static List<Alert> fromAnswer(String answer, AlertSource source) {
    JsonNode tree = AlertJsonExtractor.extract(answer);
    List<JsonNode> items = new ArrayList<>();
    if (tree.isArray()) {
      tree.forEach(items::add);
    } else {
      items.add(tree);
    }
    if (items.isEmpty()) {
      throw unprocessable("the model's answer contains no alert");
    }
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        alerts.add(AlertParser.custom(items.get(i), source));
      } catch (AegisException e) {
        String which = items.size() == 1 ? "" : " [" + i + "]";
        throw unprocessable(
            "the model's answer is not a valid alert" + which + ": " + e.getMessage());
      }
    }
    return alerts;
  }

  private static AegisException unprocessable(String message) {
    return new AegisException(Reason.UNPROCESSABLE, message);
  }
}
