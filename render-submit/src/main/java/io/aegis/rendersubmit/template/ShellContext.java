package io.aegis.rendersubmit.template;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where a position in a shell script is, as far as quoting goes. {@code shell_quote} output is a
 * single-quoted word: safe where a new word or word part may start (top level, inside {@code
 * $(...)}, inside a comment), not inside double quotes, backticks or a heredoc, where single quotes
 * do not quote. A deliberately small lexer: when unsure it answers "not safe".
 */
final class ShellContext {
  private enum Frame {
    TOP,
    DOUBLE,
    SINGLE,
    DOLLAR_SINGLE,
    BACKTICK,
    SUBST,
    COMMENT
  }

  private ShellContext() {}

  /**
   * Null when a single-quoted word may start at {@code end} in {@code script}, else the reason it
   * may not.
   */
  static String problemAt(String script, int end) {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(Frame.TOP);
    Deque<Integer> parens = new ArrayDeque<>();
    boolean heredoc = false;
    for (int i = 0; i < end; i++) {
      char c = script.charAt(i);
      Frame f = stack.peek();
      switch (f) {
        case SINGLE -> {
          if (c == '\'') {
            stack.pop();
          }
        }
        case DOLLAR_SINGLE -> {
          if (c == '\\') {
            i++;
          } else if (c == '\'') {
            stack.pop();
          }
        }
        case COMMENT -> {
          if (c == '\n') {
            stack.pop();
          }
        }
        case DOUBLE -> {
          if (c == '\\') {
            i++;
          } else if (c == '"') {
            stack.pop();
          } else if (c == '`') {
            stack.push(Frame.BACKTICK);
          } else if (c == '$' && i + 1 < end && script.charAt(i + 1) == '(') {
            stack.push(Frame.SUBST);
            parens.push(0);
            i++;
          }
        }
        case BACKTICK -> {
          if (c == '\\') {
            i++;
          } else if (c == '`') {
            stack.pop();
          }
        }
        case TOP, SUBST -> {
          if (c == '\\') {
            i++;
          } else if (c == '\'') {
            stack.push(Frame.SINGLE);
          } else if (c == '"') {
            stack.push(Frame.DOUBLE);
          } else if (c == '`') {
            stack.push(Frame.BACKTICK);
          } else if (c == '$' && i + 1 < end && script.charAt(i + 1) == '\'') {
            stack.push(Frame.DOLLAR_SINGLE);
            i++;
          } else if (c == '$' && i + 1 < end && script.charAt(i + 1) == '(') {
            stack.push(Frame.SUBST);
            parens.push(0);
            i++;
          } else if (c == '#' && (i == 0 || isWordBreak(script.charAt(i - 1)))) {
            stack.push(Frame.COMMENT);
          } else if (c == '<' && i + 1 < end && script.charAt(i + 1) == '<') {
            heredoc = true;
            i++;
          } else if (f == Frame.SUBST && c == '(') {
            parens.push(parens.pop() + 1);
          } else if (f == Frame.SUBST && c == ')') {
            int depth = parens.pop();
            if (depth == 0) {
              stack.pop();
            } else {
              parens.push(depth - 1);
            }
          }
        }
        default -> throw new IllegalStateException(f.name());
      }
    }
    Frame at = stack.peek();
    if (at == Frame.COMMENT) {
      return null;
    }
    if (heredoc) {
      return "follows a heredoc (<<), where single quotes do not quote";
    }
    return switch (at) {
      case TOP, SUBST -> null;
      case DOUBLE -> "is inside double quotes, where $(...) and `...` still run; remove the quotes";
      case SINGLE, DOLLAR_SINGLE -> "is inside single quotes; remove the quotes around it";
      case BACKTICK -> "is inside backticks";
      default -> "is in an unexpected shell context";
    };
  }

  private static boolean isWordBreak(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(';
  }
}
