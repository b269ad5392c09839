package io.aegis.parsealert;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Free text in, alerts out: the LLM is asked (alert-parse prompt) to write custom-format alert JSON
 * — one object or an array — which is then validated as strictly as a webhook body. An answer that
 * is not JSON, or any alert in it that is invalid, fails the whole request (422): never a half-made
 * alert. Source {@code AI}.
 */
@Component
class AiAlertParser {
  /** TEMPORARY port until the kernel's {@code LlmClient} is merged. */
  interface Completion {
    String complete(String rawAlert);
  }

  private static final Pattern FENCE =
      Pattern.compile("^```[A-Za-z0-9_-]*\\s*\\n?(.*?)\\n?\\s*```$", Pattern.DOTALL);

  private final Optional<Completion> llm;

  AiAlertParser(ObjectProvider<Completion> llm) {
    this.llm = Optional.ofNullable(llm.getIfAvailable());
  }

  List<Alert> parse(byte[] body, AlertSource source) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw AegisException.invalid("the body is empty: send the alert text to parse");
    }
    Completion completion =
        llm.orElseThrow(
            () ->
                new AegisException(
                    Reason.NOT_CONFIGURED,
                    "AI alert parsing is not configured (set aegis.ai.api-key)"));
    return fromAnswer(completion.complete(text), source);
  }

  /**
   * Validates the model's answer: code fences stripped, then one alert object or a non-empty array
   * of them.
   */
  static List<Alert> fromAnswer(String answer, AlertSource source) {
    String json = stripFences(answer == null ? "" : answer.strip());
    JsonNode tree;
    try {
      tree = Json.tree(json.getBytes(StandardCharsets.UTF_8), "the model's answer");
    } catch (AegisException e) {
      throw unprocessable(e.getMessage() + " (answer starts: " + abbreviate(json) + ")");
    }
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
        String where = items.size() == 1 ? "" : "[" + i + "] ";
        throw unprocessable("the model's answer is not a valid alert: " + where + e.getMessage());
      }
    }
    return alerts;
  }

  private static String stripFences(String answer) {
    Matcher m = FENCE.matcher(answer);
    return m.matches() ? m.group(1).strip() : answer;
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= 60 ? "\"" + oneLine + "\"" : "\"" + oneLine.substring(0, 60) + "…\"";
  }

  private static AegisException unprocessable(String message) {
    return new AegisException(Reason.UNPROCESSABLE, message);
  }
}
