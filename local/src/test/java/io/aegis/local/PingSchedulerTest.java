package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.PingSourceBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PingSchedulerTest {
  private static PingSource reconcile() {
    return TestRepo.knative().pingSources().stream()
        .filter(p -> p.getMetadata().getName().equals("aegis-reconcile"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aTickIsAKnativePingEvent() {
    List<CloudEvent> sent = new CopyOnWriteArrayList<>();
    try (PingScheduler pings = new PingScheduler(null)) {
      pings.start(reconcile(), sent::add);
      CloudEvent ping = pings.tick("aegis-reconcile");
      assertThat(sent).containsExactly(ping);
      assertThat(ping.getType()).isEqualTo("dev.knative.sources.ping");
      assertThat(ping.getSource().toString())
          .isEqualTo("/apis/v1/namespaces/aegis/pingsources/aegis-reconcile");
      assertThat(ping.getDataContentType()).isEqualTo("application/json");
      assertThat(new String(ping.getData().toBytes(), StandardCharsets.UTF_8))
          .isEqualTo(reconcile().getSpec().getData());
      assertThat(ping.getTime()).isNotNull();
      assertThat(ping.getId()).isNotEqualTo(pings.tick("aegis-reconcile").getId());
    }
  }

  @Test
  void anIntervalReplacesTheSchedules() {
    List<CloudEvent> sent = new CopyOnWriteArrayList<>();
    try (PingScheduler pings = new PingScheduler(Duration.ofMillis(100))) {
      pings.start(reconcile(), sent::add);
      await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() >= 2);
    }
  }

  @Test
  void fiveFieldSchedulesGetSecondsAndBadOnesAreRefused() {
    PingSource every5 =
        new PingSourceBuilder(reconcile()).editSpec().withSchedule("*/5 * * * *").endSpec().build();
    LocalDateTime next = PingScheduler.cron(every5).next(LocalDateTime.of(2024, 1, 1, 10, 2, 30));
    assertThat(next).isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 5, 0));
    PingSource withSeconds =
        new PingSourceBuilder(reconcile())
            .editSpec()
            .withSchedule("30 * * * * *")
            .endSpec()
            .build();
    assertThat(PingScheduler.cron(withSeconds).next(LocalDateTime.of(2024, 1, 1, 10, 2, 0)))
        .isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 2, 30));
    PingSource every =
        new PingSourceBuilder(reconcile()).editSpec().withSchedule("@every 1m").endSpec().build();
    assertThatThrownBy(() -> PingScheduler.cron(every)).hasMessageContaining("@every");
    PingSource nonsense =
        new PingSourceBuilder(reconcile())
            .editSpec()
            .withSchedule("every minute")
            .endSpec()
            .build();
    assertThatThrownBy(() -> PingScheduler.cron(nonsense)).hasMessageContaining("aegis-reconcile");
  }

  @Test
  void tickingAnUnknownSourceNamesTheKnownOnes() {
    try (PingScheduler pings = new PingScheduler(null)) {
      pings.start(reconcile(), e -> {});
      assertThatThrownBy(() -> pings.tick("nope")).hasMessageContaining("aegis-reconcile");
    }
  }
}
