package io.aegis.healthcheckcron;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultsParserTest {
  static final String LOG =
      """
      2025-03-14 checking ib
      results:
        ib:
        - item: stale
          condition: Old
          status: true
      checking again
      results:
        ib:
        - item: check_ib_mount
          condition: IBDeviceMountFailed
          level: emergency
          status: true
          message: "mlx5_0 not mounted"
        nic:
        - item: check_nic_count
          condition: NICCountUNexpected
          level: warning
          status: false
          message: 8 NICs
      done
      """;

  @Test
  void parsesTheLastResultsBlockAndStopsAtTheNextUnindentedLine() {
    ResultsParser.Parsed parsed = ResultsParser.parse(LOG);
    assertThat(parsed.ok()).isTrue();
    assertThat(parsed.results()).containsOnlyKeys("ib", "nic");
    assertThat(parsed.results().get("ib"))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.item).isEqualTo("check_ib_mount");
              assertThat(i.condition).isEqualTo("IBDeviceMountFailed");
              assertThat(i.level).isEqualTo("emergency");
              assertThat(i.status).isTrue();
              assertThat(i.message).isEqualTo("mlx5_0 not mounted");
            });
    assertThat(parsed.results().get("nic").get(0).status).isFalse();
    assertThat(Findings.of(parsed.results()))
        .extracting(Findings.Finding::type)
        .containsExactly("IBDeviceMountFailed");
  }

  @Test
  void aLogWithoutResultsIsMissingResults() {
    ResultsParser.Parsed parsed = ResultsParser.parse("all good\n  results: indented only\n");
    assertThat(parsed.ok()).isFalse();
    assertThat(parsed.reason()).isEqualTo(CheckVocabulary.RESULTS_MISSING);
  }

  @Test
  void anEmptyResultsBlockMeansNothingWasFound() {
    ResultsParser.Parsed parsed = ResultsParser.parse("results:\n");
    assertThat(parsed.ok()).isTrue();
    assertThat(parsed.results()).isEmpty();
  }

  @Test
  void malformedResultsAreUnparseableWithTheReason() {
    assertThat(ResultsParser.parse("results:\n  ib: [unclosed\n").reason())
        .isEqualTo(CheckVocabulary.RESULTS_UNPARSEABLE);
    assertThat(ResultsParser.parse("results: 42\n").message())
        .isEqualTo("'results' must map module names to lists of items");
    assertThat(ResultsParser.parse("results:\n  ib: nope\n").message())
        .isEqualTo("module 'ib' must be a list of items");
    assertThat(ResultsParser.parse("results:\n  ib:\n  - condition: X\n").message())
        .isEqualTo("item 1 of module 'ib' needs an 'item' name");
  }

  @Test
  void windowsLineEndingsAndStringBooleansAreAccepted() {
    ResultsParser.Parsed parsed =
        ResultsParser.parse("results:\r\n  gpu:\r\n  - item: a\r\n    status: \"true\"\r\n");
    assertThat(parsed.ok()).isTrue();
    assertThat(parsed.results().get("gpu").get(0).status).isTrue();
  }
}
