package io.aegis.parsealert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class AiAlertParserTest {

  @Test
  void A18_fencedJsonAnswerIsOneAlertWithSourceAi() {
    List<Alert> alerts =
        AiAlertParser.fromAnswer("```json\n" + TestAlerts.readme() + "\n```", AlertSource.AI);

    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.source()).isEqualTo(AlertSource.AI);
              assertThat(a.type()).isEqualTo("NodeHasEmergencyEvent");
              assertThat(a.name()).isEqualTo("dev1");
            });
  }

  @Test
  void A18_anArrayAnswerIsSeveralAlerts() {
    String answer = "[" + TestAlerts.alert("A").json() + ", " + TestAlerts.alert("B").json() + "]";

    assertThat(AiAlertParser.fromAnswer("```\n" + answer + "\n```", AlertSource.AI))
        .extracting(Alert::type)
        .containsExactly("A", "B");
  }

  @Test
  void A18_proseIsUnprocessable() {
    assertThatThrownBy(
            () ->
                AiAlertParser.fromAnswer("I could not find an alert in this text.", AlertSource.AI))
        .isInstanceOfSatisfying(
            AegisException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNPROCESSABLE);
              assertThat(e.getMessage()).contains("no JSON").contains("I could not find");
            });
  }

  @Test
  void oneInvalidAlertInTheAnswerFailsTheWholeAnswer() {
    String answer = "[" + TestAlerts.alert("A").json() + ", {\"type\":\"B\"}]";

    assertThatThrownBy(() -> AiAlertParser.fromAnswer(answer, AlertSource.AI))
        .isInstanceOfSatisfying(
            AegisException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNPROCESSABLE);
              assertThat(e.getMessage()).contains("[1]").contains("status is required");
            });
  }

  @Test
  void anEmptyArrayIsUnprocessable() {
    assertThatThrownBy(() -> AiAlertParser.fromAnswer("[]", AlertSource.AI))
        .isInstanceOf(AegisException.class)
        .hasMessageContaining("no alert");
  }
}
