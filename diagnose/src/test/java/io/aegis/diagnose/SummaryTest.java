package io.aegis.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.diagnose.analyzer.Analysis;
import io.aegis.diagnose.analyzer.FindingType;
import io.aegis.kernel.ai.PromptKind;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void unhealthyListsTopFailuresAndOneActionPerType() {
    Analysis a =
        Analysis.builder(PromptKind.DIAGNOSE_POD)
            .failure(FindingType.CRASH_LOOP, "container a is in CrashLoopBackOff")
            .failure(FindingType.CRASH_LOOP, "container b is in CrashLoopBackOff")
            .failure(FindingType.IMAGE_PULL, "container c cannot pull image x")
            .failure(FindingType.IMAGE_PULL, "container d cannot pull image y")
            .warning(FindingType.EVENT, "Warning BackOff: ...")
            .build();

    String summary = Summary.of(a);

    assertThat(summary)
        .startsWith(
            "Healthy: No\nProblems:\n- container a is in CrashLoopBackOff\n"
                + "- container b is in CrashLoopBackOff\n- container c cannot pull image x\n"
                + "- … and 1 more (see result)\nSuggested actions:\n- CrashLoopBackOff: ")
        .contains("\n- Image pull: " + FindingType.IMAGE_PULL.action());
    assertThat(summary.lines().filter(l -> l.startsWith("- CrashLoopBackOff:"))).hasSize(1);
  }

  @Test
  void healthyMentionsWarningsWithoutActions() {
    Analysis a =
        Analysis.builder(PromptKind.DIAGNOSE_POD)
            .warning(FindingType.EVENT, "Warning BackOff: old")
            .build();

    assertThat(Summary.of(a))
        .isEqualTo(
            "Healthy: Yes\nNo problems found. 1 warning was recorded (see result.warnings); none"
                + " makes it unhealthy.");
    assertThat(Summary.of(Analysis.builder(PromptKind.DIAGNOSE_POD).build()))
        .isEqualTo("Healthy: Yes\nNo problems found.");
  }

  @Test
  void unknownListsWarningsAndTheirAction() {
    Analysis a =
        Analysis.builder(PromptKind.DIAGNOSE_PYTORCHJOB)
            .warning(FindingType.JOB_STATE, "Job has no active condition")
            .undetermined()
            .build();

    assertThat(Summary.of(a))
        .isEqualTo(
            "Healthy: Unknown\nWarnings:\n- Job has no active condition\nSuggested actions:\n"
                + "- Job state: "
                + FindingType.JOB_STATE.action());
  }
}
