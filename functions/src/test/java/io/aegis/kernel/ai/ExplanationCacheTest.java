package io.aegis.kernel.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExplanationCacheTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-04T04:00:00Z"));
  private final ExplanationCache cache = new ExplanationCache(Duration.ofMinutes(10), 3, clock);
  private final AtomicInteger calls = new AtomicInteger();

  private LlmAnswer ask() {
    int n = calls.incrementAndGet();
    return new LlmAnswer("answer " + n, "m", 10, 5, Duration.ofMillis(7), false);
  }

  @Test
  void reusesTheAnswerForTheSameObjectAndContent() {
    ExplanationCache.Key key = ExplanationCache.Key.of("Pod", "shop/web-0", "prompt");

    ExplanationCache.Lookup first = cache.getOrAsk(key, this::ask);
    ExplanationCache.Lookup second = cache.getOrAsk(key, this::ask);

    assertThat(first.cached()).isFalse();
    assertThat(second.cached()).isTrue();
    assertThat(second.answer().text()).isEqualTo("answer 1");
    assertThat(calls).hasValue(1);
  }

  @Test
  void asksAgainWhenTheContentOrTheObjectDiffers() {
    cache.getOrAsk(ExplanationCache.Key.of("Pod", "shop/web-0", "OOMKilled"), this::ask);
    cache.getOrAsk(ExplanationCache.Key.of("Pod", "shop/web-0", "ImagePullBackOff"), this::ask);
    cache.getOrAsk(ExplanationCache.Key.of("Pod", "shop/web-1", "OOMKilled"), this::ask);
    cache.getOrAsk(ExplanationCache.Key.of("Node", "shop/web-0", "OOMKilled"), this::ask);

    assertThat(calls).hasValue(4);
  }

  @Test
  void keysRenderedPromptsBySystemAndUserParts() {
    ExplanationCache.Key a = ExplanationCache.Key.of("Pod", "p", new RenderedPrompt("ab", "c"));
    ExplanationCache.Key b = ExplanationCache.Key.of("Pod", "p", new RenderedPrompt("a", "bc"));

    assertThat(a).isNotEqualTo(b);
    assertThat(a.contentHash()).hasSize(64);
  }

  @Test
  void expiresEntriesAfterTheTtl() {
    ExplanationCache.Key key = ExplanationCache.Key.of("Node", "node01", "prompt");
    cache.getOrAsk(key, this::ask);

    clock.advance(Duration.ofMinutes(9));
    assertThat(cache.getOrAsk(key, this::ask).cached()).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(cache.getOrAsk(key, this::ask).cached()).isFalse();
    assertThat(calls).hasValue(2);
  }

  @Test
  void evictsTheLeastRecentlyUsedBeyondItsSize() {
    ExplanationCache.Key a = ExplanationCache.Key.of("Pod", "a", "x");
    ExplanationCache.Key b = ExplanationCache.Key.of("Pod", "b", "x");
    ExplanationCache.Key c = ExplanationCache.Key.of("Pod", "c", "x");
    ExplanationCache.Key d = ExplanationCache.Key.of("Pod", "d", "x");
    cache.getOrAsk(a, this::ask);
    cache.getOrAsk(b, this::ask);
    cache.getOrAsk(c, this::ask);
    cache.get(a); // a is now more recent than b

    cache.getOrAsk(d, this::ask);

    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get(b)).isEmpty();
    assertThat(cache.get(a)).isPresent();
  }

  @Test
  void doesNotCacheFailures() {
    ExplanationCache.Key key = ExplanationCache.Key.of("Pod", "a", "x");

    assertThatThrownBy(
            () ->
                cache.getOrAsk(
                    key,
                    () -> {
                      throw new AegisException(Reason.LLM_UNAVAILABLE, "down");
                    }))
        .isInstanceOf(AegisException.class);
    assertThat(cache.getOrAsk(key, this::ask).cached()).isFalse();
  }

  @Test
  void storesNothingWithAZeroTtl() {
    ExplanationCache off = new ExplanationCache(Duration.ZERO, 3, clock);
    ExplanationCache.Key key = ExplanationCache.Key.of("Pod", "a", "x");

    off.getOrAsk(key, this::ask);
    off.getOrAsk(key, this::ask);

    assertThat(off.enabled()).isFalse();
    assertThat(calls).hasValue(2);
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
