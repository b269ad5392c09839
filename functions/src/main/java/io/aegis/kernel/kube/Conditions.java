package io.aegis.kernel.kube;

import io.aegis.kernel.crd.Condition;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Bookkeeping of standard conditions, the Kubernetes way: at most one condition per {@code type},
 * updated in place, and {@code lastTransitionTime} moves only when {@code status} flips. Use with
 * {@link StatusWriter}: an observation that repeats the current one leaves the status unchanged, so
 * no write (and no ApiServerSource event) follows.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private static final Set<String> STATUSES = Set.of(TRUE, FALSE, UNKNOWN);

  /**
   * Records an observation in {@code list}: replaces the condition of {@code type} (reason and
   * message always, {@code lastTransitionTime} only when the status changes) or appends a new one.
   * Duplicates of {@code type} already in the list are removed.
   *
   * @param status {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN}
   * @return the condition now in the list
   */
  public static Condition set(
      List<Condition> list,
      String type,
      String status,
      String reason,
      String message,
      Clock clock) {
    Objects.requireNonNull(type, "type");
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException(
          "condition status must be True, False or Unknown, not " + status);
    }
    Condition current = null;
    for (Iterator<Condition> it = list.iterator(); it.hasNext(); ) {
      Condition c = it.next();
      if (c != null && type.equals(c.type)) {
        if (current == null) {
          current = c;
        } else {
          it.remove();
        }
      }
    }
    if (current == null) {
      current = new Condition(type, status, reason, message, Timestamps.now(clock));
      list.add(current);
      return current;
    }
    if (!status.equals(current.status) || current.lastTransitionTime == null) {
      current.lastTransitionTime = Timestamps.now(clock);
    }
    current.status = status;
    current.reason = reason;
    current.message = message;
    return current;
  }

  /** The condition of {@code type}, if present ({@code list} may be null). */
  public static Optional<Condition> find(List<Condition> list, String type) {
    if (list == null) {
      return Optional.empty();
    }
    return list.stream().filter(c -> c != null && Objects.equals(type, c.type)).findFirst();
  }

  /** True when the condition of {@code type} is present with status {@code True}. */
  public static boolean isTrue(List<Condition> list, String type) {
    return find(list, type).map(c -> TRUE.equals(c.status)).orElse(false);
  }

  private Conditions() {}
}
