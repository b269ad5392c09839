package io.aegis.kernel.ai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the JSON object or array in an LLM answer. Models wrap JSON in Markdown fences, add a
 * sentence before or after it, or think aloud first ({@code <think>…</think>}); this takes the
 * first fenced block that parses, else the first object or array in the text. Pure: what the JSON
 * must contain is the caller's business (parse-alert validates the alert fields itself).
 */
public final class AlertJsonExtractor {
  private static final Pattern THINKING =
      Pattern.compile("<think(?:ing)?>[\\s\\S]*?</think(?:ing)?>", Pattern.CASE_INSENSITIVE);
  private static final Pattern FENCE =
      Pattern.compile("```[ \\t]*([A-Za-z0-9_-]*)[ \\t]*\\r?\\n?([\\s\\S]*?)```");
  private static final int MAX_START_ATTEMPTS = 20;
  private static final int MAX_QUOTED = 200;

  /**
   * The JSON object or array in {@code answer}.
   *
   * @throws AegisException {@link Reason#UNPROCESSABLE} when the answer holds no JSON object or
   *     array, saying why
   */
  public static JsonNode extract(String answer) {
    if (answer == null || answer.isBlank()) {
      throw unprocessable("the LLM answer is empty");
    }
    String text = THINKING.matcher(answer).replaceAll("").strip();

    List<String> candidates = new ArrayList<>();
    Matcher fence = FENCE.matcher(text);
    while (fence.find()) {
      candidates.add(fence.group(2));
    }
    if (candidates.isEmpty() && text.startsWith("```")) {
      // An opening fence without a closing one (answer cut off or sloppy): drop the fence line.
      int nl = text.indexOf('\n');
      candidates.add(nl < 0 ? "" : text.substring(nl + 1));
    }
    candidates.add(text);

    String firstProblem = null;
    for (String candidate : candidates) {
      Result result = firstJson(candidate);
      if (result.node() != null) {
        return result.node();
      }
      if (firstProblem == null) {
        firstProblem = result.problem();
      }
    }
    throw unprocessable(
        (firstProblem == null ? "the LLM answer contains no JSON object or array" : firstProblem)
            + ": "
            + quote(answer));
  }

  private record Result(JsonNode node, String problem) {}

  /**
   * Parses the first value starting at a '{' or '[' that is valid JSON; trailing text is ignored.
   */
  private static Result firstJson(String text) {
    String problem = null;
    int from = 0;
    for (int attempt = 0; attempt < MAX_START_ATTEMPTS; attempt++) {
      int start = nextStart(text, from);
      if (start < 0) {
        break;
      }
      try (JsonParser parser = Json.MAPPER.getFactory().createParser(text.substring(start))) {
        JsonNode node = Json.MAPPER.readTree(parser);
        if (node != null && (node.isObject() || node.isArray())) {
          return new Result(node, null);
        }
      } catch (JsonProcessingException e) {
        if (problem == null) {
          problem = "the JSON in the LLM answer is malformed (" + e.getOriginalMessage() + ")";
        }
      } catch (IOException e) {
        throw new IllegalStateException("reading a string cannot fail", e);
      }
      from = start + 1;
    }
    return new Result(null, problem);
  }

  private static int nextStart(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{' || c == '[') {
        return i;
      }
    }
    return -1;
  }

  private static String quote(String answer) {
    String oneLine = answer.replaceAll("\\s+", " ").strip();
    return "'"
        + (oneLine.length() > MAX_QUOTED ? oneLine.substring(0, MAX_QUOTED) + "…" : oneLine)
        + "'";
  }

  private static AegisException unprocessable(String message) {
    return new AegisException(Reason.UNPROCESSABLE, message);
  }

  private AlertJsonExtractor() {}
}
