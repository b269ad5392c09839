package io.aegis.parsealert;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * When a repeat of an episode match-rule has not picked up yet re-announces it: at most once per
 * episode per {@code interval} in this process. The announcement of a new episode (and of a
 * resolve) is never held back; a repeat within the interval after an announcement is. Without this,
 * every repeat of a new episode — during a storm, hundreds per second — posts one more {@code
 * io.aegis.alert.recorded.v1} until match-rule has written a trigger status.
 *
 * <p>Nothing is lost by waiting: an announcement that failed to publish is {@linkplain #release
 * released} so the next delivery re-announces at once; a broker redelivery of the same event
 * re-announces regardless (its reply may be what was lost); and the {@code aegis-reconcile} sweep
 * of track-status re-drives any alert still without a trigger status after its {@code stuck-after}
 * (ACCEPTANCE A34), which is what catches an announcement lost after it was accepted.
 *
 * <p>Bounded (the oldest episodes are forgotten first, which only means one more announcement).
 */
final class Reannouncements {
  static final int CAPACITY = 4096;

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Long> lastByEpisode =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > CAPACITY;
        }
      };

  /**
   * @param interval how long after an announcement repeats stay quiet; zero re-announces on every
   *     repeat
   */
  Reannouncements(Duration interval, LongSupplier nanoTime) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative");
    }
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Records an announcement that is not subject to the interval (a new episode). */
  void announced(String episode) {
    if (intervalNanos == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    synchronized (lastByEpisode) {
      lastByEpisode.put(episode, now);
    }
  }

  /**
   * True when a repeat may re-announce {@code episode} now, and then counts as its announcement;
   * false within the interval after the last one.
   */
  boolean claim(String episode) {
    if (intervalNanos == 0) {
      return true;
    }
    long now = nanoTime.getAsLong();
    synchronized (lastByEpisode) {
      Long last = lastByEpisode.get(episode);
      if (last != null && now - last < intervalNanos) {
        return false;
      }
      lastByEpisode.put(episode, now);
      return true;
    }
  }

  /** The announcement of {@code episode} was not published: let the next delivery make it. */
  void release(String episode) {
    synchronized (lastByEpisode) {
      lastByEpisode.remove(episode);
    }
  }
}
