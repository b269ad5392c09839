package io.aegis.parsealert;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.kube.Stored;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The episode this process last wrote, per fingerprint: a hint that lets a repeat skip the list of
 * the fingerprint's episodes, never a source of truth. The recorder writes from a hint only with a
 * patch guarded by the hint's resourceVersion ({@code StatusWriter.updateIfCurrent}), which the API
 * server accepts only while the episode is exactly as this process last wrote it — so still open,
 * still the latest, still the same object. Anything else (another writer, a newer episode, a
 * deletion, another replica) is a 409 or 404, after which the hint is dropped and the delivery
 * takes the normal path (list, then count or create). A wrong hint costs one request, never
 * correctness.
 *
 * <p>Bounded (least recently used goes first) and per process: after a restart or a scale from zero
 * every delivery simply takes the normal path.
 */
final class EpisodeHints {
  private final int capacity;
  private final Map<String, Stored<AegisAlert>> byFingerprint;

  /**
   * @param capacity how many fingerprints to remember; 0 turns hints off
   */
  EpisodeHints(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative");
    }
    this.capacity = capacity;
    this.byFingerprint =
        new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Stored<AegisAlert>> eldest) {
            return size() > EpisodeHints.this.capacity;
          }
        };
  }

  /** The episode last written for {@code fingerprint}, or null. */
  Stored<AegisAlert> get(String fingerprint) {
    if (capacity == 0) {
      return null;
    }
    synchronized (byFingerprint) {
      return byFingerprint.get(fingerprint);
    }
  }

  /**
   * Remembers {@code episode} as written (or read) just now for {@code fingerprint}, without the
   * server's managedFields (a status write does not need them).
   */
  void put(String fingerprint, Stored<AegisAlert> episode) {
    if (capacity == 0) {
      return;
    }
    Stored<AegisAlert> kept = episode.compact();
    synchronized (byFingerprint) {
      byFingerprint.put(fingerprint, kept);
    }
  }

  /** Forgets the hint for {@code fingerprint} if it is still {@code episode}. */
  void forget(String fingerprint, Stored<AegisAlert> episode) {
    synchronized (byFingerprint) {
      byFingerprint.remove(fingerprint, episode);
    }
  }

  /** Forgets any hint for {@code fingerprint}. */
  void forget(String fingerprint) {
    synchronized (byFingerprint) {
      byFingerprint.remove(fingerprint);
    }
  }

  int size() {
    synchronized (byFingerprint) {
      return byFingerprint.size();
    }
  }
}
