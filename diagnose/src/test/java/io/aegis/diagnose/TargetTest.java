package io.aegis.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void namespacedKindsDefaultToTheDiagnosisNamespace() {
    assertThat(Target.of(TestDiagnoses.of("monitoring", "d", "Pod", null, "web-0")))
        .isEqualTo(new Target("Pod", "web-0", "monitoring"));
    assertThat(Target.of(TestDiagnoses.of("monitoring", "d", "PytorchJob", "ml", "job")))
        .isEqualTo(new Target("PytorchJob", "job", "ml"));
    assertThat(Target.of(TestDiagnoses.of("monitoring", "d", "Node", "ignored", "n1")))
        .isEqualTo(new Target("Node", "n1", null));
  }

  @Test
  void kindsAreTheOriginalsExactly() {
    assertThatThrownBy(() -> Target.of(TestDiagnoses.of("m", "d", "pod", null, "x")))
        .isInstanceOf(DiagnosisFailedException.class)
        .hasMessage(
            "unsupported kind pod (supported: Node, Pod, PytorchJob; the names are case-sensitive)")
        .extracting(e -> ((DiagnosisFailedException) e).reason())
        .isEqualTo("UnsupportedKind");
  }

  @Test
  void aNameIsRequired() {
    assertThatThrownBy(() -> Target.of(TestDiagnoses.of("m", "d", "Node", null, " ")))
        .hasMessage("spec.object.name is required");
  }
}
