package io.aegis.kernel.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void formatsRfc3339InUtcWholeSeconds() {
    Clock clock = Clock.fixed(Instant.parse("2025-03-04T05:06:07.891Z"), ZoneOffset.UTC);

    assertThat(Timestamps.now(clock)).isEqualTo("2025-03-04T05:06:07Z");
  }

  @Test
  void parsesWhatKubernetesWritesAndRejectsTheRest() {
    assertThat(Timestamps.parse("2025-03-04T05:06:07Z"))
        .contains(Instant.parse("2025-03-04T05:06:07Z"));
    assertThat(Timestamps.parse("yesterday")).isEmpty();
    assertThat(Timestamps.parse(null)).isEmpty();
    assertThat(Timestamps.parse(" ")).isEmpty();
  }
}
