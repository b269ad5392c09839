package io.aegis.kernel.kube;

import io.aegis.kernel.crd.AlertSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Deterministic object names. Every name is a DNS-1123 label ({@code
 * [a-z0-9]([-a-z0-9]*[a-z0-9])?}, at most 63 characters), so it is valid for any kind, and derived
 * from a seed rather than chosen at random: the same seed gives the same name, which turns "create"
 * into an idempotent operation (409 AlreadyExists means someone already did it).
 *
 * <p>The 5-character suffix uses the alphabet of Kubernetes' {@code generateName} ({@code
 * bcdfghjklmnpqrstvwxz2456789}: no vowels, so no words), so names look like the ones the Go
 * original got from the API server ({@code default-nodehasemergencyevent-9njt4}).
 */
public final class Names {
  /** Longest DNS-1123 label. */
  public static final int MAX_LENGTH = 63;

  /** Length of the hash suffix. */
  public static final int SUFFIX_LENGTH = 5;

  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern INVALID = Pattern.compile("[^a-z0-9]+");

  /**
   * {@code <source>-<type>-<5 chars>}: lower-cased, every run of characters outside {@code
   * [a-z0-9]} replaced by one {@code -}, the prefix shortened so the whole fits 63 characters. Type
   * {@code Node.Crash_X} from the default webhook gives {@code default-node-crash-x-xxxxx}.
   *
   * @param seed what makes the name unique and repeatable, e.g. fingerprint + episode start
   */
  public static String alertName(AlertSource source, String type, String seed) {
    Objects.requireNonNull(source, "source");
    return withHashSuffix(source.name() + "-" + Objects.requireNonNullElse(type, ""), seed);
  }

  /**
   * {@code <prefix>-<5 chars of a hash of seed>}, e.g. a Workflow named after its alert and the
   * alert's uid. The prefix is sanitised as in {@link #alertName} and shortened to fit.
   */
  public static String withHashSuffix(String prefix, String seed) {
    String suffix = suffix(seed);
    String head = sanitize(Objects.requireNonNullElse(prefix, ""));
    int room = MAX_LENGTH - SUFFIX_LENGTH - 1;
    if (head.length() > room) {
      head = trimDashes(head.substring(0, room));
    }
    return head.isEmpty() ? suffix : head + "-" + suffix;
  }

  /**
   * The value of the {@code fingerprint} label: 32 hex characters of the SHA-256 of {@code
   * fingerprint}, so any fingerprint (long, with spaces or slashes) gives a valid label value and
   * equal fingerprints give equal labels.
   */
  public static String fingerprintLabel(String fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    return HexFormat.of().formatHex(sha256(fingerprint), 0, 16);
  }

  /** True when {@code name} is a DNS-1123 label of at most 63 characters. */
  public static boolean isDns1123Label(String name) {
    return name != null && name.length() <= MAX_LENGTH && DNS_1123_LABEL.matcher(name).matches();
  }

  /** {@link #SUFFIX_LENGTH} characters of the generateName alphabet, derived from {@code seed}. */
  static String suffix(String seed) {
    Objects.requireNonNull(seed, "seed");
    byte[] digest = sha256(seed);
    long bits = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      bits = (bits << 8) | (digest[i] & 0xff);
    }
    StringBuilder out = new StringBuilder(SUFFIX_LENGTH);
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      out.append(ALPHABET.charAt((int) Long.remainderUnsigned(bits, ALPHABET.length())));
      bits = Long.divideUnsigned(bits, ALPHABET.length());
    }
    return out.toString();
  }

  /** Lower-cases, maps runs of characters outside {@code [a-z0-9]} to one dash, trims dashes. */
  static String sanitize(String raw) {
    return trimDashes(INVALID.matcher(raw.toLowerCase(Locale.ROOT)).replaceAll("-"));
  }

  private static String trimDashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '-') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '-') {
      to--;
    }
    return s.substring(from, to);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private Names() {}
}
