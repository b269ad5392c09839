package io.aegis.kernel.ai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Cost control: LLM explanations reused for the same object and the same findings. The key is
 * (kind, object, hash of the content sent), so a changed prompt, language or finding asks again;
 * entries expire after {@code aegis.ai.cache-ttl} and the least recently used go first beyond
 * {@code aegis.ai.cache-size}. Failures are not cached. In memory, per instance: a scaled-to-zero
 * function starts empty, which only costs one more call.
 */
public final class ExplanationCache {

  /**
   * What an explanation is about.
   *
   * @param kind e.g. {@code Pod}
   * @param object e.g. {@code default/web-0}
   * @param contentHash SHA-256 (hex) of what was sent to the LLM
   */
  public record Key(String kind, String object, String contentHash) {
    /** A key for {@code content} (typically the rendered prompt, system and user parts). */
    public static Key of(String kind, String object, String content) {
      return new Key(kind, object, sha256(content));
    }

    /** A key for a rendered prompt. */
    public static Key of(String kind, String object, RenderedPrompt prompt) {
      return of(kind, object, prompt.system() + "\u0000" + prompt.user());
    }
  }

  /** An answer and whether it came from the cache. */
  public record Lookup(LlmAnswer answer, boolean cached) {}

  private record Entry(LlmAnswer answer, Instant expires) {}

  private final Duration ttl;
  private final Clock clock;
  private final Map<Key, Entry> entries;

  public ExplanationCache(Duration ttl, int maxEntries, Clock clock) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.ttl = ttl;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > maxEntries;
          }
        };
  }

  public static ExplanationCache from(AiProperties properties) {
    return new ExplanationCache(properties.cacheTtl(), properties.cacheSize(), Clock.systemUTC());
  }

  /** False when the TTL is 0: nothing is stored. */
  public boolean enabled() {
    return !ttl.isZero();
  }

  public synchronized Optional<LlmAnswer> get(Key key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expires())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.answer());
  }

  public synchronized void put(Key key, LlmAnswer answer) {
    if (enabled()) {
      entries.put(key, new Entry(answer, clock.instant().plus(ttl)));
    }
  }

  /**
   * The cached answer for {@code key}, else {@code ask}'s (then cached). {@code ask} runs outside
   * the lock; two concurrent misses may both ask, which costs a call but never blocks others.
   */
  public Lookup getOrAsk(Key key, Supplier<LlmAnswer> ask) {
    Optional<LlmAnswer> hit = get(key);
    if (hit.isPresent()) {
      return new Lookup(hit.get(), true);
    }
    LlmAnswer answer = ask.get();
    put(key, answer);
    return new Lookup(answer, false);
  }

  public synchronized int size() {
    return entries.size();
  }

  static String sha256(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
