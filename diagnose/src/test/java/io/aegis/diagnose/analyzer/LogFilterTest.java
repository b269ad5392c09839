package io.aegis.diagnose.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Go original's filterLogs semantics. */
class LogFilterTest {
  static final String LOG = "a1\nERROR b2\nc3\nd4 error\ne5\nf6\n\n";

  @Test
  void withoutKeywordsKeepsTheLastLines() {
    assertThat(new LogFilter(List.of(), 3).filter(LOG)).containsExactly("d4 error", "e5", "f6");
  }

  @Test
  void keepsEverythingWhenShorterThanTheLimit() {
    assertThat(new LogFilter(List.of("nomatch"), 10).filter(LOG))
        .containsExactly("a1", "ERROR b2", "c3", "d4 error", "e5", "f6");
  }

  @Test
  void keywordMatchesComeFirstCaseInsensitiveInOriginalOrder() {
    assertThat(new LogFilter(List.of("error"), 2).filter(LOG))
        .containsExactly("ERROR b2", "d4 error");
  }

  @Test
  void keepsOnlyTheLastMatchesWhenMoreMatchThanTheLimit() {
    assertThat(new LogFilter(List.of("error"), 1).filter(LOG)).containsExactly("d4 error");
  }

  @Test
  void fillsWithTheMostRecentOtherLinesWhenFewMatch() {
    assertThat(new LogFilter(List.of("error", " "), 4).filter("x\nERROR y\nz\nw\nv"))
        .containsExactly("ERROR y", "z", "w", "v");
    assertThat(new LogFilter(List.of("b2"), 3).filter(LOG)).containsExactly("ERROR b2", "e5", "f6");
  }

  @Test
  void emptyLogGivesNoLines() {
    assertThat(new LogFilter(List.of(), 5).filter("")).isEmpty();
    assertThat(new LogFilter(List.of(), 5).filter(null)).isEmpty();
  }

  @Test
  void rejectsANonPositiveLimit() {
    assertThatThrownBy(() -> new LogFilter(List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
