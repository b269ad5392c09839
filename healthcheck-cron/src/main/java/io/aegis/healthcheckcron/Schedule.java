package io.aegis.healthcheckcron;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a cluster check is due. The schedule is a standard 5-field cron ({@code minute hour
 * day-of-month month day-of-week}) or a macro such as {@code @hourly}, evaluated with Spring's
 * {@link CronExpression} (a seconds field {@code 0} prefixed) in the configured time zone. Where
 * both day fields are restricted, a time matches when <em>either</em> matches, as in cron(8)
 * (Spring alone would require both). An empty schedule runs once.
 *
 * <p>A run is due once the first schedule time after the previous run ({@code
 * status.lastScheduleTime}, or the check's creation) has passed. Missed times are not caught up:
 * the due run is stamped with the latest schedule time not after now, so a check that was blocked
 * for an hour runs once, not twelve times.
 */
final class Schedule {
  /** Never walk further back than this when looking for the latest missed time. */
  private static final long MAX_LOOKBACK_DAYS = 7;

  private static final int MAX_STEPS = 20_000;

  /**
   * What to do now.
   *
   * @param due the schedule time the run to start now stands for, if one is due
   * @param problem why the schedule cannot be used, or null
   */
  record Decision(Optional<Instant> due, String problem) {
    static Decision notDue() {
      return new Decision(Optional.empty(), null);
    }

    static Decision dueAt(Instant time) {
      return new Decision(Optional.of(time), null);
    }

    static Decision invalid(String problem) {
      return new Decision(Optional.empty(), problem);
    }
  }

  private Schedule() {}

  /**
   * @param schedule the cron text, blank for "once"
   * @param created the check's creation time
   * @param lastScheduled {@code status.lastScheduleTime}, or null before the first run
   */
  static Decision decide(
      String schedule, Instant created, Instant lastScheduled, Instant now, ZoneId zone) {
    if (schedule == null || schedule.isBlank()) {
      return lastScheduled == null ? Decision.dueAt(created) : Decision.notDue();
    }
    List<CronExpression> expressions;
    try {
      expressions = parse(schedule.trim());
    } catch (IllegalArgumentException e) {
      return Decision.invalid("schedule '" + schedule.trim() + "' is not valid: " + e.getMessage());
    }
    Instant base = lastScheduled != null ? lastScheduled : created;
    Instant first = next(expressions, base, zone);
    if (first == null || first.isAfter(now)) {
      return Decision.notDue();
    }
    Instant floor = now.minus(MAX_LOOKBACK_DAYS, ChronoUnit.DAYS);
    Instant latest = first;
    if (first.isBefore(floor)) {
      Instant recent = next(expressions, floor, zone);
      if (recent != null && !recent.isAfter(now)) {
        latest = recent;
      }
    }
    for (int i = 0; i < MAX_STEPS; i++) {
      Instant n = next(expressions, latest, zone);
      if (n == null || n.isAfter(now)) {
        break;
      }
      latest = n;
    }
    return Decision.dueAt(latest);
  }

  /** The expressions a schedule stands for (two when both day fields are restricted). */
  static List<CronExpression> parse(String schedule) {
    if (schedule.startsWith("@")) {
      return List.of(CronExpression.parse(schedule));
    }
    String[] f = schedule.split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException(
          "expected 5 fields (minute hour day-of-month month day-of-week), found " + f.length);
    }
    String minute = f[0];
    String hour = f[1];
    String dom = f[2];
    String month = f[3];
    String dow = f[4];
    List<CronExpression> out = new ArrayList<>();
    if (restricted(dom) && restricted(dow)) {
      out.add(CronExpression.parse(String.join(" ", "0", minute, hour, dom, month, "*")));
      out.add(CronExpression.parse(String.join(" ", "0", minute, hour, "*", month, dow)));
    } else {
      out.add(CronExpression.parse(String.join(" ", "0", minute, hour, dom, month, dow)));
    }
    return out;
  }

  private static boolean restricted(String field) {
    return !"*".equals(field) && !"?".equals(field);
  }

  private static Instant next(List<CronExpression> expressions, Instant after, ZoneId zone) {
    ZonedDateTime from = after.atZone(zone);
    Instant best = null;
    for (CronExpression e : expressions) {
      ZonedDateTime n = e.next(from);
      if (n != null && (best == null || n.toInstant().isBefore(best))) {
        best = n.toInstant();
      }
    }
    return best;
  }
}
