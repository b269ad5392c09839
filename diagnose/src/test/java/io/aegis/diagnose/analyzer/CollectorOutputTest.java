package io.aegis.diagnose.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CollectorOutputTest {
  @Test
  void sectionsKeepOnlyTheirDashLinesAndIgnoreTextOutsideSections() {
    String output =
        "starting\n- before any section\n[kernel]\nnoise\n- line 1\n- line 2\n\n[empty]\n[ gpu ]\n- ok\n";

    assertThat(CollectorOutput.sections(output))
        .containsExactly("[kernel]\n- line 1\n- line 2", "[empty]", "[gpu]\n- ok");
  }

  @Test
  void noOutputGivesNoSections() {
    assertThat(CollectorOutput.sections("")).isEmpty();
    assertThat(CollectorOutput.sections(null)).isEmpty();
    assertThat(CollectorOutput.sections("[SKIPPED] not a section header")).isEmpty();
  }
}
