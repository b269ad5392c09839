package io.aegis.matchrule;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps a rule's type regex from pinning the CPU. Rule types are user input, and {@code
 * java.util.regex} backtracks: {@code ((a+)+)+b}, {@code (.*a){20}} or {@code \w*\w*\w*\w*!} take
 * exponential or high-polynomial time on a type that almost matches, and the JDK has no timeout.
 * Three bounds:
 *
 * <ul>
 *   <li>{@link #match} counts the characters the matcher reads (every backtracking step reads one)
 *       and gives up after {@link #MAX_STEPS}: an ordinary match reads a few dozen, a few hundred
 *       for a type of {@link #MAX_INPUT} characters;
 *   <li>it also gives up when the matcher runs out of stack (it recurses once per repetition);
 *   <li>{@link #nestedRepetition} finds, before a rule is used, a repeated group that itself
 *       contains an unbounded repetition ({@code (a+)+}, {@code (\w+\s?)*}): the classic shape of
 *       catastrophic backtracking ("star height" above one), which validation rejects.
 * </ul>
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

  /**
   * The first repeated group of {@code regex} that contains an unbounded repetition and is itself
   * repeated without bound, e.g. {@code (a+)+} in {@code (a+)+$}; empty when there is none.
   * Possessive quantifiers and atomic groups do not backtrack and do not count. Assumes {@code
   * regex} compiles.
   */
  static Optional<String> nestedRepetition(String regex) {
    Deque<Group> open = new ArrayDeque<>();
    open.push(new Group(-1, false));
    int n = regex.length();
    int i = 0;
    while (i < n) {
      char c = regex.charAt(i);
      int atomStart = i;
      boolean atomRepeatsInside = false;
      switch (c) {
        case '\\' -> i = afterEscape(regex, i);
        case '[' -> i = afterClass(regex, i);
        case '(' -> {
          open.push(new Group(i, regex.startsWith("(?>", i)));
          i++;
          continue;
        }
        case ')' -> {
          Group g = open.size() > 1 ? open.pop() : new Group(i, false);
          atomStart = g.start;
          atomRepeatsInside = g.repeatsInside && !g.atomic;
          i++;
        }
        case '|' -> {
          i++;
          continue;
        }
        default -> i++;
      }
      Quantifier q = Quantifier.at(regex, i);
      i = q.end;
      Group parent = open.peek();
      boolean backtrackingRepeat = q.unbounded && !q.possessive;
      if (atomRepeatsInside && backtrackingRepeat) {
        return Optional.of(regex.substring(atomStart, q.end));
      }
      if (atomRepeatsInside || backtrackingRepeat) {
        parent.repeatsInside = true;
      }
    }
    return Optional.empty();
  }

  /** Index after the escape starting at {@code i} ({@code \Q...\E}, {@code \p{..}} and so on). */
  private static int afterEscape(String regex, int i) {
    int n = regex.length();
    if (i + 1 >= n) {
      return n;
    }
    char e = regex.charAt(i + 1);
    if (e == 'Q') {
      int end = regex.indexOf("\\E", i + 2);
      return end < 0 ? n : end + 2;
    }
    if ("pPxNgk".indexOf(e) >= 0 && i + 2 < n && "{<".indexOf(regex.charAt(i + 2)) >= 0) {
      char close = regex.charAt(i + 2) == '{' ? '}' : '>';
      int end = regex.indexOf(close, i + 3);
      return end < 0 ? n : end + 1;
    }
    if (e == 'c') {
      return Math.min(n, i + 3);
    }
    return i + 2;
  }

  /** Index after the character class starting at {@code i}; Java allows nested classes. */
  private static int afterClass(String regex, int i) {
    int n = regex.length();
    int j = i + 1;
    if (j < n && regex.charAt(j) == '^') {
      j++;
    }
    if (j < n && regex.charAt(j) == ']') {
      j++; // a leading ] is literal
    }
    int depth = 1;
    while (j < n) {
      char c = regex.charAt(j);
      if (c == '\\') {
        j = afterEscape(regex, j);
        continue;
      }
      if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return j + 1;
      }
      j++;
    }
    return n;
  }

  private static final class Group {
    final int start;
    final boolean atomic;
    boolean repeatsInside;

    Group(int start, boolean atomic) {
      this.start = start;
      this.atomic = atomic;
    }
  }

  /** The quantifier at {@code i}, if any: {@code end} is where it ends ({@code i} if none). */
  private record Quantifier(int end, boolean unbounded, boolean possessive) {
    static Quantifier at(String regex, int i) {
      int n = regex.length();
      if (i >= n) {
        return new Quantifier(i, false, false);
      }
      char c = regex.charAt(i);
      int end;
      boolean unbounded;
      if (c == '*' || c == '+') {
        end = i + 1;
        unbounded = true;
      } else if (c == '?') {
        end = i + 1;
        unbounded = false;
      } else if (c == '{') {
        int close = regex.indexOf('}', i);
        if (close < 0) {
          return new Quantifier(i, false, false);
        }
        end = close + 1;
        unbounded = regex.substring(i, close).endsWith(",");
      } else {
        return new Quantifier(i, false, false);
      }
      boolean possessive = end < n && regex.charAt(end) == '+';
      if (end < n && (regex.charAt(end) == '?' || possessive)) {
        end++;
      }
      return new Quantifier(end, unbounded, possessive);
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
