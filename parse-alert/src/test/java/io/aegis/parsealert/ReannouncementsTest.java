package io.aegis.parsealert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReannouncementsTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Reannouncements every5s = new Reannouncements(Duration.ofSeconds(5), now::get);

  @Test
  void aRepeatReannouncesAtMostOncePerInterval() {
    assertThat(every5s.claim("uid-1")).isTrue();
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(every5s.claim("uid-1")).isFalse();
    assertThat(every5s.claim("uid-2")).as("per episode").isTrue();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(every5s.claim("uid-1")).isTrue();
    assertThat(every5s.claim("uid-1")).isFalse();
  }

  @Test
  void theAnnouncementOfANewEpisodeQuietsItsRepeats() {
    every5s.announced("uid-1");
    assertThat(every5s.claim("uid-1")).isFalse();
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(every5s.claim("uid-1")).isTrue();
  }

  @Test
  void aReleasedAnnouncementLetsTheNextRepeatAnnounceAtOnce() {
    every5s.announced("uid-1");
    every5s.release("uid-1");
    assertThat(every5s.claim("uid-1")).isTrue();
  }

  @Test
  void zeroIntervalReannouncesEveryRepeat() {
    Reannouncements always = new Reannouncements(Duration.ZERO, now::get);
    always.announced("uid-1");
    assertThat(always.claim("uid-1")).isTrue();
    assertThat(always.claim("uid-1")).isTrue();
  }

  @Test
  void forgetsTheOldestEpisodesBeyondItsCapacity() {
    for (int i = 0; i <= Reannouncements.CAPACITY; i++) {
      every5s.announced("uid-" + i);
    }
    assertThat(every5s.claim("uid-0")).as("forgotten: one more announcement").isTrue();
    assertThat(every5s.claim("uid-" + Reannouncements.CAPACITY)).isFalse();
  }

  @Test
  void aNegativeIntervalIsRejected() {
    assertThatThrownBy(() -> new Reannouncements(Duration.ofSeconds(-1), now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
