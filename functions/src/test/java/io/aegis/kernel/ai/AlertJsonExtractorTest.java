package io.aegis.kernel.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlertJsonExtractorTest {
  private static final String ALERT =
      "{\"type\": \"NodeOutOfDiskSpace\", \"status\": \"Firing\","
          + " \"involvedObject\": {\"kind\": \"Node\", \"name\": \"node01\"},"
          + " \"details\": {\"severity\": \"critical\"}, \"fingerprint\": \"5f97\"}";

  @Test
  void readsABareObject() {
    JsonNode node = AlertJsonExtractor.extract(ALERT);

    assertThat(node.path("type").asText()).isEqualTo("NodeOutOfDiskSpace");
    assertThat(node.path("involvedObject").path("name").asText()).isEqualTo("node01");
  }

  @Test
  void stripsAJsonCodeFence() {
    JsonNode node = AlertJsonExtractor.extract("```json\n" + ALERT + "\n```");

    assertThat(node.path("status").asText()).isEqualTo("Firing");
  }

  @Test
  void stripsAnUntaggedFenceAndSurroundingProse() {
    JsonNode node =
        AlertJsonExtractor.extract(
            "Here is the alert you asked for:\n```\n" + ALERT + "\n```\nLet me know if...");

    assertThat(node.path("fingerprint").asText()).isEqualTo("5f97");
  }

  @Test
  void readsAnArrayOfAlerts() {
    JsonNode node = AlertJsonExtractor.extract("```json\n[" + ALERT + ", " + ALERT + "]\n```");

    assertThat(node.isArray()).isTrue();
    assertThat(node).hasSize(2);
  }

  @Test
  void findsJsonAfterProseWithBracketsAndIgnoresTrailingText() {
    JsonNode node =
        AlertJsonExtractor.extract(
            "Sure [as requested], the result: " + ALERT + " (I mapped host to node).");

    assertThat(node.path("type").asText()).isEqualTo("NodeOutOfDiskSpace");
  }

  @Test
  void skipsAReasoningModelsThinkingBlock() {
    JsonNode node =
        AlertJsonExtractor.extract(
            "<think>The input has {braces} and maybe [a list]; type should be...</think>\n"
                + ALERT);

    assertThat(node.path("type").asText()).isEqualTo("NodeOutOfDiskSpace");
  }

  @Test
  void readsAnOpeningFenceWithoutItsClosingOne() {
    JsonNode node = AlertJsonExtractor.extract("```json\n" + ALERT);

    assertThat(node.path("type").asText()).isEqualTo("NodeOutOfDiskSpace");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "I could not find an alert in this message.",
        "```\nsorry, no alert here\n```",
        "\"just a string\"",
        "42"
      })
  void rejectsAnswersWithoutJsonAsUnprocessable(String answer) {
    assertThatThrownBy(() -> AlertJsonExtractor.extract(answer))
        .isInstanceOf(AegisException.class)
        .hasMessageContaining("no JSON object or array")
        .extracting(e -> ((AegisException) e).reason())
        .isEqualTo(Reason.UNPROCESSABLE);
  }

  @Test
  void explainsMalformedJsonAndQuotesTheAnswer() {
    assertThatThrownBy(() -> AlertJsonExtractor.extract("{\"type\": \"Disk\", \"status\": "))
        .isInstanceOf(AegisException.class)
        .hasMessageContaining("malformed")
        .hasMessageContaining("'{\"type\": \"Disk\", \"status\":'");
  }

  @Test
  void rejectsAnEmptyAnswer() {
    assertThatThrownBy(() -> AlertJsonExtractor.extract("  "))
        .isInstanceOf(AegisException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void boundsTheQuotedAnswerInTheMessage() {
    String longProse = "no json here ".repeat(100);

    assertThatThrownBy(() -> AlertJsonExtractor.extract(longProse)).hasMessageEndingWith("…'");
  }
}
