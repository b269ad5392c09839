package io.aegis.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({
    "90s, PT1M30S",
    "5m, PT5M",
    "1h30m, PT1H30M",
    "1.5h, PT1H30M",
    "2h45m10s, PT2H45M10S",
    "300ms, PT0.3S",
    "1m0.5s, PT1M0.5S",
    "0, PT0S"
  })
  void parsesGoDurations(String text, String iso) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 m", "1d", "m", ".s", "5m-3s", "abc"})
  void rejectsWhatGoRejects(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"PT5M, 5m0s", "PT1M30S, 1m30s", "PT1H, 1h0m0s", "PT0.25S, 250ms", "PT10S, 10s"})
  void formatsLikeGo(String iso, String go) {
    assertThat(GoDuration.format(Duration.parse(iso))).isEqualTo(go);
  }
}
