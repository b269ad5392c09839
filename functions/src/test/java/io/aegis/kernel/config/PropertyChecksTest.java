package io.aegis.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PropertyChecksTest {
  @Test
  void acceptedValuesAreReturned() {
    assertThat(PropertyChecks.required("a.b", "x")).isEqualTo("x");
    assertThat(PropertyChecks.notBlank("a.b", " x ")).isEqualTo(" x ");
    assertThat(PropertyChecks.positive("a.b", Duration.ofMillis(1)))
        .isEqualTo(Duration.ofMillis(1));
    assertThat(PropertyChecks.atLeast("a.b", 0, 0)).isZero();
    assertThat(PropertyChecks.between("a.b", 20, 1, 20)).isEqualTo(20);
    assertThat(PropertyChecks.between("a.b", 2.0, 0, 2)).isEqualTo(2.0);
  }

  @Test
  void rejectedValuesNameThePropertyTheRuleAndTheValue() {
    assertThatThrownBy(() -> PropertyChecks.required("aegis.x", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aegis.x must be set");
    assertThatThrownBy(() -> PropertyChecks.notBlank("aegis.x", " "))
        .hasMessage("aegis.x must not be blank, got ' '");
    assertThatThrownBy(() -> PropertyChecks.notBlank("aegis.x", null))
        .hasMessage("aegis.x must not be blank");
    assertThatThrownBy(() -> PropertyChecks.positive("aegis.x", Duration.ZERO))
        .hasMessage("aegis.x must be a positive duration, got PT0S");
    assertThatThrownBy(() -> PropertyChecks.positive("aegis.x", null))
        .hasMessage("aegis.x must be a positive duration, got null");
    assertThatThrownBy(() -> PropertyChecks.atLeast("aegis.x", -1, 0))
        .hasMessage("aegis.x must be at least 0, got -1");
    assertThatThrownBy(() -> PropertyChecks.between("aegis.x", 21, 1, 20))
        .hasMessage("aegis.x must be between 1 and 20, got 21");
    assertThatThrownBy(() -> PropertyChecks.between("aegis.x", Double.NaN, 0, 2))
        .hasMessage("aegis.x must be between 0.0 and 2.0, got NaN");
    assertThatThrownBy(() -> PropertyChecks.between("aegis.x", (Double) null, 0, 2))
        .hasMessage("aegis.x must be set");
  }
}
