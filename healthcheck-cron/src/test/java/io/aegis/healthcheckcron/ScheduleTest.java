package io.aegis.healthcheckcron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  static final ZoneId UTC = ZoneOffset.UTC;
  static final Instant CREATED = Instant.parse("2025-03-14T09:21:30Z");

  static Schedule.Decision decide(String schedule, String last, String now) {
    return Schedule.decide(
        schedule, CREATED, last == null ? null : Instant.parse(last), Instant.parse(now), UTC);
  }

  @Test
  void emptyScheduleRunsOnceAtCreation() {
    assertThat(decide("", null, "2025-03-14T09:21:31Z").due()).contains(CREATED);
    assertThat(decide(" ", "2025-03-14T09:21:30Z", "2025-03-15T00:00:00Z").due()).isEmpty();
    assertThat(decide(null, null, "2025-03-14T09:21:31Z").due()).contains(CREATED);
  }

  @Test
  void firstRunIsTheFirstScheduleTimeAfterCreation() {
    assertThat(decide("*/5 * * * *", null, "2025-03-14T09:24:59Z").due()).isEmpty();
    assertThat(decide("*/5 * * * *", null, "2025-03-14T09:25:00Z").due())
        .contains(Instant.parse("2025-03-14T09:25:00Z"));
  }

  @Test
  void nextRunIsDueOnceTheNextScheduleTimeAfterTheLastRunPassed() {
    assertThat(decide("*/5 * * * *", "2025-03-14T09:25:00Z", "2025-03-14T09:29:59Z").due())
        .isEmpty();
    assertThat(decide("*/5 * * * *", "2025-03-14T09:25:00Z", "2025-03-14T09:30:20Z").due())
        .contains(Instant.parse("2025-03-14T09:30:00Z"));
  }

  @Test
  void missedTimesAreNotCaughtUpTheLatestOneRuns() {
    assertThat(decide("*/5 * * * *", "2025-03-14T09:25:00Z", "2025-03-14T11:07:00Z").due())
        .contains(Instant.parse("2025-03-14T11:05:00Z"));
    assertThat(decide("* * * * *", "2024-01-01T00:00:00Z", "2025-03-14T11:07:30Z").due())
        .contains(Instant.parse("2025-03-14T11:07:00Z"));
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekMatchEitherAsInCron() {
    // 2025-03-14 is a Friday; "0 0 1 * MON" = midnight on the 1st OR on Mondays.
    assertThat(decide("0 0 1 * MON", "2025-03-14T00:00:00Z", "2025-03-17T00:00:01Z").due())
        .contains(Instant.parse("2025-03-17T00:00:00Z"));
    assertThat(decide("0 0 1 * MON", "2025-03-29T00:00:00Z", "2025-04-01T00:00:01Z").due())
        .contains(Instant.parse("2025-04-01T00:00:00Z"));
  }

  @Test
  void macrosAndTimeZonesAreHonoured() {
    assertThat(decide("@hourly", "2025-03-14T09:00:00Z", "2025-03-14T10:00:00Z").due())
        .contains(Instant.parse("2025-03-14T10:00:00Z"));
    Schedule.Decision shanghai =
        Schedule.decide(
            "0 2 * * *",
            CREATED,
            null,
            Instant.parse("2025-03-14T18:00:00Z"),
            ZoneId.of("Asia/Shanghai"));
    assertThat(shanghai.due()).contains(Instant.parse("2025-03-14T18:00:00Z"));
  }

  @Test
  void invalidSchedulesAreReportedNotRun() {
    Schedule.Decision sixFields = decide("0 */5 * * * *", null, "2025-03-15T00:00:00Z");
    assertThat(sixFields.due()).isEmpty();
    assertThat(sixFields.problem()).contains("expected 5 fields");
    assertThat(decide("*/5 * * * FOO", null, "2025-03-15T00:00:00Z").problem())
        .startsWith("schedule '*/5 * * * FOO' is not valid");
  }
}
