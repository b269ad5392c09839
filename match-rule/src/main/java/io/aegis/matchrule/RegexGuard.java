package io.aegis.matchrule;

import java.util.regex.Pattern;

/**
 * Keeps a rule's type regex from pinning the CPU. Rule types are user input, and {@code
 * java.util.regex} backtracks: {@code ((a+)+)+b}, {@code (.*a){20}} or {@code \w*\w*\w*\w*!} take
 * exponential or high-polynomial time on a type that almost matches, and the JDK has no timeout.
 * Two bounds:
 *
 * <ul>
 *   <li>{@link #match} counts the characters the matcher reads (every backtracking step reads one)
 *       and gives up after {@link #MAX_STEPS}: an ordinary match reads a few dozen, a few hundred
 *       for a type of {@link #MAX_INPUT} characters;
 *   <li>it also gives up when the matcher runs out of stack (it recurses once per repetition).
 * </ul>
 *
 * <p>Patterns are not rejected for their shape (e.g. nested repetition such as {@code (a+)+}): the
 * original ran rule types on Go's RE2, where every pattern is linear, so users' rules may well
 * contain such shapes and be perfectly fast on real alert types. Rejecting them would break rules
 * that worked; the step budget bounds the ones that turn out to be slow, and reports them.
 *
 * <p>Types longer than {@link #MAX_INPUT} are not matched against regexes at all (see {@link
 * RuleIndex}): the recursion depth grows with the input, and functions run with a 512 KiB stack.
 */
final class RegexGuard {
  /** Characters a match may read before it gives up; about a millisecond of CPU. */
  static final int MAX_STEPS = 100_000;

  /** Longest alert type matched against regex rules; exact-type rules have no limit. */
  static final int MAX_INPUT = 256;

  /** How a bounded match ended. */
  enum Outcome {
    MATCH,
    NO_MATCH,
    /** Gave up: too many steps or too deep a recursion; counts as no match. */
    GAVE_UP
  }

  /**
   * @param steps characters read (at most {@code maxSteps + 1})
   * @param why for {@link Outcome#GAVE_UP}, a short explanation; else null
   */
  record Result(Outcome outcome, long steps, String why) {
    boolean matched() {
      return outcome == Outcome.MATCH;
    }
  }

  private RegexGuard() {}

  /** Whether {@code pattern} matches the whole {@code input}, within {@link #MAX_STEPS}. */
  static Result match(Pattern pattern, String input) {
    return match(pattern, input, MAX_STEPS);
  }

  static Result match(Pattern pattern, String input, long maxSteps) {
    CountingInput counted = new CountingInput(input, maxSteps);
    try {
      boolean matched = pattern.matcher(counted).matches();
      return new Result(matched ? Outcome.MATCH : Outcome.NO_MATCH, counted.steps, null);
    } catch (StepLimitExceeded e) {
      return new Result(Outcome.GAVE_UP, counted.steps, "after " + maxSteps + " steps");
    } catch (StackOverflowError e) {
      // The matcher keeps no state outside its own frames: once unwound, nothing is left broken.
      return new Result(Outcome.GAVE_UP, counted.steps, "nested too deeply (out of stack)");
    }
  }

  /** The input as the matcher sees it, counting every character read. */
  private static final class CountingInput implements CharSequence {
    private final String text;
    private final long maxSteps;
    long steps;

    CountingInput(String text, long maxSteps) {
      this.text = text;
      this.maxSteps = maxSteps;
    }

    @Override
    public char charAt(int index) {
      if (++steps > maxSteps) {
        throw new StepLimitExceeded();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** Thrown out of the matcher; no stack trace (it is control flow, caught right away). */
  private static final class StepLimitExceeded extends RuntimeException {
    StepLimitExceeded() {
      super(null, null, false, false);
    }
  }
}
