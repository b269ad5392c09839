package io.aegis.kernel.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AlertSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamesTest {
  private static final List<String> AWKWARD_TYPES =
      List.of(
          "NodeHasEmergencyEvent",
          "Node.Crash_X",
          "__weird__",
          "---",
          "",
          "GPU Xid 79 / fallen off the bus",
          "ÄÖÜ-ünïcødé-告警",
          "a".repeat(200),
          "A-".repeat(100),
          "x".repeat(56) + "-" + "y".repeat(10));

  @Test
  void A11_typeWithDotsAndUnderscoresBecomesDashes() {
    String name = Names.alertName(AlertSource.Default, "Node.Crash_X", "fp-1");

    assertThat(name)
        .startsWith("default-node-crash-x-")
        .hasSize("default-node-crash-x-".length() + 5);
    assertThat(Names.isDns1123Label(name)).isTrue();
  }

  @Test
  void A11_namesNeverExceed63Characters() {
    for (AlertSource source : AlertSource.values()) {
      for (String type : AWKWARD_TYPES) {
        String name = Names.alertName(source, type, "seed");
        assertThat(name).as("%s / %s", source, type).hasSizeLessThanOrEqualTo(63);
        assertThat(Names.isDns1123Label(name)).as(name).isTrue();
        assertThat(name).as(name).doesNotContain("--");
      }
    }
  }

  @Test
  void readmeAlertNameLooksLikeTheOriginal() {
    assertThat(Names.alertName(AlertSource.Default, "NodeHasEmergencyEvent", "5f972974ccf1ee9b"))
        .matches("default-nodehasemergencyevent-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(Names.alertName(AlertSource.Alertmanager, "NodeOutOfDiskSpace", "x"))
        .startsWith("alertmanager-nodeoutofdiskspace-");
  }

  @Test
  void suffixIsDeterministicPerSeedAndSpreadsAcrossSeeds() {
    assertThat(Names.alertName(AlertSource.AI, "T", "seed-1"))
        .isEqualTo(Names.alertName(AlertSource.AI, "T", "seed-1"));
    Set<String> suffixes = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      suffixes.add(Names.suffix("fingerprint/" + i));
    }
    assertThat(suffixes).as("1000 seeds, few collisions in 27^5").hasSizeGreaterThan(990);
  }

  @Test
  void workflowNameIsAlertNamePlusHashOfUid() {
    String alert = Names.alertName(AlertSource.Default, "NodeHasEmergencyEvent", "fp");
    String workflow = Names.withHashSuffix(alert, "2b1a8c5e-uid");

    assertThat(workflow).startsWith(alert + "-").hasSize(alert.length() + 6);
    assertThat(Names.withHashSuffix(alert, "2b1a8c5e-uid")).isEqualTo(workflow);
    assertThat(Names.withHashSuffix(alert, "other-uid")).isNotEqualTo(workflow);
  }

  @Test
  void longPrefixIsCutWithoutTrailingDash() {
    String prefix = "x".repeat(56) + "-" + "y".repeat(10);

    String name = Names.withHashSuffix(prefix, "s");

    assertThat(name).hasSize(56 + 6).startsWith("x".repeat(56) + "-").doesNotContain("--");
    assertThat(Names.withHashSuffix("a".repeat(80), "s")).hasSize(63);
  }

  @Test
  void emptyPrefixGivesJustTheSuffix() {
    assertThat(Names.withHashSuffix("__", "s")).hasSize(5).isEqualTo(Names.suffix("s"));
  }

  @Test
  void fingerprintLabelIsAValidLabelValueAndStablePerFingerprint() {
    for (String fp : List.of("5f972974ccf1ee9b", "a b/c:d", "x".repeat(500), "")) {
      String label = Names.fingerprintLabel(fp);
      assertThat(Labels.isValidValue(label)).as(label).isTrue();
      assertThat(label).hasSize(32).isEqualTo(Names.fingerprintLabel(fp));
    }
    assertThat(Names.fingerprintLabel("a")).isNotEqualTo(Names.fingerprintLabel("b"));
  }

  @Test
  void recognisesDns1123Labels() {
    assertThat(Names.isDns1123Label("a-b-1")).isTrue();
    assertThat(Names.isDns1123Label("1abc")).isTrue();
    assertThat(Names.isDns1123Label("-a")).isFalse();
    assertThat(Names.isDns1123Label("a-")).isFalse();
    assertThat(Names.isDns1123Label("A")).isFalse();
    assertThat(Names.isDns1123Label("a.b")).isFalse();
    assertThat(Names.isDns1123Label("a".repeat(64))).isFalse();
    assertThat(Names.isDns1123Label("")).isFalse();
    assertThat(Names.isDns1123Label(null)).isFalse();
  }
}
