package io.aegis.diagnose.analyzer;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes events as result lines: Warning events only, repeats of the same reason and message
 * merged (counts summed, newest time kept), newest first, at most {@code max} lines, e.g. {@code
 * Warning BackOff (x12, last 2025-05-19T08:03:27Z): Back-off restarting failed container app}.
 */
public final class EventLines {
  public static final String WARNING = "Warning";

  private EventLines() {}

  /** The merged Warning events, newest first. */
  public static List<Merged> warnings(List<Event> events, int max) {
    Map<String, Merged> merged = new LinkedHashMap<>();
    for (Event e : events) {
      if (e == null || !WARNING.equals(e.getType())) {
        continue;
      }
      String reason = Objects.toString(e.getReason(), "");
      String message = Objects.toString(e.getMessage(), "").strip();
      Merged m =
          merged.computeIfAbsent(reason + "\u0000" + message, k -> new Merged(reason, message));
      m.count += count(e);
      Instant time = time(e).orElse(null);
      if (time != null && (m.last == null || time.isAfter(m.last))) {
        m.last = time;
      }
    }
    List<Merged> out = new ArrayList<>(merged.values());
    out.sort(
        Comparator.comparing(
            (Merged m) -> m.last, Comparator.nullsLast(Comparator.reverseOrder())));
    return out.size() > max ? out.subList(0, max) : out;
  }

  /** The newest event of {@code reason} (any type), if any. */
  public static Optional<Event> latest(List<Event> events, String reason) {
    return events.stream()
        .filter(e -> e != null && reason.equals(e.getReason()))
        .max(Comparator.comparing(e -> time(e).orElse(Instant.EPOCH)));
  }

  /** When the event last happened: lastTimestamp, eventTime, firstTimestamp or creation time. */
  public static Optional<Instant> time(Event e) {
    for (String value :
        new String[] {
          e.getLastTimestamp(),
          e.getEventTime() == null ? null : e.getEventTime().getTime(),
          e.getFirstTimestamp(),
          e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp()
        }) {
      if (value != null && !value.isBlank()) {
        try {
          return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException ignored) {
          // Some recorders write microsecond times with offsets Instant cannot read; try the next.
        }
      }
    }
    return Optional.empty();
  }

  private static int count(Event e) {
    if (e.getSeries() != null && e.getSeries().getCount() != null) {
      return Math.max(1, e.getSeries().getCount());
    }
    return e.getCount() == null ? 1 : Math.max(1, e.getCount());
  }

  /** Warning events with the same reason and message. */
  public static final class Merged {
    private final String reason;
    private final String message;
    private int count;
    private Instant last;

    private Merged(String reason, String message) {
      this.reason = reason;
      this.message = message;
    }

    public String reason() {
      return reason;
    }

    public String message() {
      return message;
    }

    public int count() {
      return count;
    }

    /** The line of the result, e.g. {@code Warning BackOff (x3, last ...): ...}. */
    public String line() {
      StringBuilder s = new StringBuilder(WARNING).append(' ').append(reason);
      List<String> detail = new ArrayList<>();
      if (count > 1) {
        detail.add("x" + count);
      }
      if (last != null) {
        detail.add("last " + last);
      }
      if (!detail.isEmpty()) {
        s.append(" (").append(String.join(", ", detail)).append(')');
      }
      if (!message.isEmpty()) {
        s.append(": ").append(message);
      }
      return s.toString();
    }
  }
}
