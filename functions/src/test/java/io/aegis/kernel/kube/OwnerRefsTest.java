package io.aegis.kernel.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.testing.TestAlerts;
import io.fabric8.kubernetes.api.model.OwnerReference;
import org.junit.jupiter.api.Test;

class OwnerRefsTest {
  @Test
  void controllerReferencePointsAtTheOwnerAndBlocksItsDeletion() {
    AegisAlert alert = TestAlerts.firing("a1", "T");
    alert.getMetadata().setUid("uid-1");

    OwnerReference ref = OwnerRefs.controller(alert);

    assertThat(ref.getApiVersion()).isEqualTo("aegis.io/v1alpha1");
    assertThat(ref.getKind()).isEqualTo("AegisAlert");
    assertThat(ref.getName()).isEqualTo("a1");
    assertThat(ref.getUid()).isEqualTo("uid-1");
    assertThat(ref.getController()).isTrue();
    assertThat(ref.getBlockOwnerDeletion()).isTrue();
  }

  @Test
  void refusesAnOwnerWithoutUid() {
    assertThatThrownBy(() -> OwnerRefs.controller(TestAlerts.firing("a1", "T")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uid");
  }
}
