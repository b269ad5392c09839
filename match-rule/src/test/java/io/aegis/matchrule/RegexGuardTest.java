package io.aegis.matchrule;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.matchrule.RegexGuard.Outcome;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegexGuardTest {
  private static final String ALMOST = "a".repeat(30) + "!";

  private static RegexGuard.Result match(String regex, String input) {
    return RegexGuard.match(Pattern.compile(regex), input);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        // nested repetition the JDK does not memoize
        "((a+)+)+b; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
        // a counted repetition of a repetition
        "(.*a){20}; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
        // adjacent repetitions over the same characters: polynomial
        "\\w*\\w*\\w*\\w*\\w*!x; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void aPathologicalRegexGivesUpAfterTheStepBudget(String regex, String input) {
    RegexGuard.Result result = match(regex, input);

    assertThat(result.outcome()).isEqualTo(Outcome.GAVE_UP);
    assertThat(result.steps()).isEqualTo(RegexGuard.MAX_STEPS + 1L);
    assertThat(result.why()).isEqualTo("after 100000 steps");
  }

  @Test
  void theTextbookExampleIsStoppedToo() {
    // (a+)+$ is memoized by the JDK since 9, but with a smaller budget the counting still stops it.
    RegexGuard.Result result = RegexGuard.match(Pattern.compile("(a+)+$"), ALMOST, 100);

    assertThat(result.outcome()).isEqualTo(Outcome.GAVE_UP);
    assertThat(result.steps()).isEqualTo(101);
  }

  @Test
  void ordinaryRegexesMatchAsBeforeInAFewSteps() {
    assertThat(match("NodeCriticalIssue.*", "NodeCriticalIssueDisappeared").outcome())
        .isEqualTo(Outcome.MATCH);
    assertThat(match("NodeCriticalIssue.*", "OldNodeCriticalIssue").outcome())
        .isEqualTo(Outcome.NO_MATCH);
    assertThat(match("^NodeCriticalIssue", "NodeCriticalIssueDisappeared").outcome())
        .isEqualTo(Outcome.NO_MATCH);
    assertThat(match("(KubePod|KubeNode).*", "KubeNodeNotReady").outcome())
        .isEqualTo(Outcome.MATCH);
    RegexGuard.Result longType = match(".*Memory.*Pressure.*", "x".repeat(RegexGuard.MAX_INPUT));
    assertThat(longType.outcome()).isEqualTo(Outcome.NO_MATCH);
    assertThat(longType.steps()).isLessThan(RegexGuard.MAX_STEPS / 10);
  }

  @Test
  void runningOutOfStackGivesUpInsteadOfFailing() {
    // One recursion per repetition: a million characters overflow any thread's stack.
    RegexGuard.Result result =
        RegexGuard.match(Pattern.compile("(a|b)*"), "ab".repeat(500_000), Long.MAX_VALUE);

    assertThat(result.outcome()).isEqualTo(Outcome.GAVE_UP);
    assertThat(result.why()).isEqualTo("nested too deeply (out of stack)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        // nested repetition: linear on Go's RE2 (the original), so users' rules may have it
        "([A-Z][a-z]+)+Issue; NodeCriticalIssue",
        "(Kube(Pod|Node)+)+Crash.*; KubePodCrashLooping",
        "(\\w+\\s?)*; GPU Xid error"
      })
  void nestedRepetitionIsNotRejectedAndMatchesRealTypesCheaply(String regex, String type) {
    RegexGuard.Result result = RegexGuard.match(Pattern.compile(regex), type);

    assertThat(result.outcome()).isEqualTo(RegexGuard.Outcome.MATCH);
    assertThat(result.steps()).isLessThan(1_000);
  }
}
