package io.aegis.kernel.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {
  @Test
  void acceptsPlainAndPrefixedKeys() {
    assertThat(Labels.isValidKey("severity")).isTrue();
    assertThat(Labels.isValidKey("alert-source-type")).isTrue();
    assertThat(Labels.isValidKey("aegis.io/node")).isTrue();
    assertThat(Labels.isValidKey("app.kubernetes.io/managed-by")).isTrue();
    assertThat(Labels.isValidKey("A_b.C-9")).isTrue();
    assertThat(Labels.isValidKey("a".repeat(63))).isTrue();
    assertThat(Labels.isValidKey("p".repeat(253) + "/n")).isTrue();
  }

  @Test
  void rejectsInvalidKeys() {
    assertThat(Labels.isValidKey(null)).isFalse();
    assertThat(Labels.isValidKey("")).isFalse();
    assertThat(Labels.isValidKey("a".repeat(64))).isFalse();
    assertThat(Labels.isValidKey("with space")).isFalse();
    assertThat(Labels.isValidKey("-lead")).isFalse();
    assertThat(Labels.isValidKey("trail_")).isFalse();
    assertThat(Labels.isValidKey("/name")).isFalse();
    assertThat(Labels.isValidKey("prefix/")).isFalse();
    assertThat(Labels.isValidKey("Upper.io/name")).isFalse();
    assertThat(Labels.isValidKey("a/b/c")).isFalse();
    assertThat(Labels.isValidKey("p".repeat(254) + "/n")).isFalse();
    assertThat(Labels.isValidKey("description:")).isFalse();
  }

  @Test
  void acceptsValidValuesIncludingEmpty() {
    assertThat(Labels.isValidValue("")).isTrue();
    assertThat(Labels.isValidValue("critical")).isTrue();
    assertThat(Labels.isValidValue("us-1")).isTrue();
    assertThat(Labels.isValidValue("2022021122")).isTrue();
    assertThat(Labels.isValidValue("A.b_c-D")).isTrue();
    assertThat(Labels.isValidValue("v".repeat(63))).isTrue();
  }

  @Test
  void rejectsInvalidValues() {
    assertThat(Labels.isValidValue(null)).isFalse();
    assertThat(Labels.isValidValue("x y")).isFalse();
    assertThat(Labels.isValidValue("v".repeat(64))).isFalse();
    assertThat(Labels.isValidValue("-x")).isFalse();
    assertThat(Labels.isValidValue("x.")).isFalse();
    assertThat(Labels.isValidValue("a/b")).isFalse();
    assertThat(Labels.isValidValue("ünï")).isFalse();
  }

  @Test
  void sanitizedValuesAreAlwaysValid() {
    String[] raw = {
      "x y",
      "-x-",
      "GPU Xid 79: fallen off the bus!",
      "ünïcødé",
      "v".repeat(100),
      "...",
      "",
      null,
      "a".repeat(62) + " b",
      "ok-value"
    };
    for (String r : raw) {
      assertThat(Labels.isValidValue(Labels.sanitizeValue(r))).as("%s", r).isTrue();
    }
    assertThat(Labels.sanitizeValue("x y")).isEqualTo("x-y");
    assertThat(Labels.sanitizeValue("ok-value")).isEqualTo("ok-value");
    assertThat(Labels.sanitizeValue("a".repeat(62) + " b")).isEqualTo("a".repeat(62));
    assertThat(Labels.sanitizeValue(null)).isEmpty();
  }
}
