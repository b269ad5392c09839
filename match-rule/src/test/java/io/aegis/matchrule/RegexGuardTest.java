package io.aegis.matchrule;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.matchrule.RegexGuard.Outcome;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
        "(a+)+$; (a+)+",
        "(a*)*b; (a*)*",
        "x(\\w+\\s?)*$; (\\w+\\s?)*",
        "((ab)*c)+; ((ab)*c)+",
        "((a+)){2,}; ((a+)){2,}",
        "(?:[A-Z][a-z]+)+?Issue; (?:[A-Z][a-z]+)+?",
        "(a(b(c+)))*; (a(b(c+)))*",
        "(a|b+)+; (a|b+)+"
      })
  void nestedUnboundedRepetitionIsFound(String regex, String nested) {
    assertThat(RegexGuard.nestedRepetition(regex)).contains(nested);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "NodeCriticalIssue.*",
        "^NodeCriticalIssue",
        "X|Y",
        ".*",
        "Regex17[A-Z]+",
        "Type7[0-9]",
        "(KubePod|KubeNode).*",
        "Gpu(Xid|Ecc)[0-9]{2,}",
        "(a+)?b",
        "(a+){2}",
        "(?>a+)+b",
        "(a++)+b",
        "(a+)++b",
        "[(a+)+]*",
        "\\(a+\\)+",
        "\\Q(a+)+\\E",
        "\\p{Lu}+(x)*",
        "[\\]a+]+(b)*"
      })
  void flatOrNonBacktrackingRepetitionIsAccepted(String regex) {
    Pattern.compile(regex); // only compiling patterns are screened

    assertThat(RegexGuard.nestedRepetition(regex)).isEmpty();
  }
}
