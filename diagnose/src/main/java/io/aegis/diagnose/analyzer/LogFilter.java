package io.aegis.diagnose.analyzer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Picks the log lines worth showing, with the Go original's {@code filterLogs} semantics: without
 * keywords, the last {@code maxLines} lines; with keywords, the last {@code maxLines} lines that
 * contain any keyword (case-insensitive substring), topped up with the most recent other lines when
 * fewer match; always in the log's original order.
 */
public final class LogFilter {
  private final List<String> keywords;
  private final int maxLines;

  /**
   * @param keywords matched case-insensitively; blank entries are ignored
   * @param maxLines most lines returned, at least 1
   */
  public LogFilter(List<String> keywords, int maxLines) {
    if (maxLines < 1) {
      throw new IllegalArgumentException("maxLines must be at least 1");
    }
    this.keywords =
        keywords.stream()
            .filter(k -> k != null && !k.isBlank())
            .map(k -> k.trim().toLowerCase(Locale.ROOT))
            .toList();
    this.maxLines = maxLines;
  }

  public List<String> keywords() {
    return keywords;
  }

  /** The selected lines of {@code log} (trailing empty lines dropped). */
  public List<String> filter(String log) {
    List<String> lines = lines(log);
    if (lines.size() <= maxLines) {
      return lines;
    }
    if (keywords.isEmpty()) {
      return lines.subList(lines.size() - maxLines, lines.size());
    }
    BitSet keep = new BitSet(lines.size());
    int kept = 0;
    for (int i = lines.size() - 1; i >= 0 && kept < maxLines; i--) {
      if (matches(lines.get(i))) {
        keep.set(i);
        kept++;
      }
    }
    for (int i = lines.size() - 1; i >= 0 && kept < maxLines; i--) {
      if (!keep.get(i)) {
        keep.set(i);
        kept++;
      }
    }
    List<String> out = new ArrayList<>(kept);
    for (int i = keep.nextSetBit(0); i >= 0; i = keep.nextSetBit(i + 1)) {
      out.add(lines.get(i));
    }
    return out;
  }

  private boolean matches(String line) {
    String lower = line.toLowerCase(Locale.ROOT);
    for (String keyword : keywords) {
      if (lower.contains(keyword)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> lines(String log) {
    if (log == null || log.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(List.of(log.split("\r?\n", -1)));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }
}
