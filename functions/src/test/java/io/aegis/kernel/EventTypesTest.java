package io.aegis.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.events.EventTypes;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class EventTypesTest {
  @Test
  void everyTypeIsListedOnceAndIsAValidCloudEventType() {
    var seen = new HashSet<String>();
    for (EventTypes.EventType t : EventTypes.ALL) {
      assertThat(seen.add(t.type())).as("duplicate %s", t.type()).isTrue();
      assertThat(t.type()).matches("[a-z0-9.]+");
    }
  }

  @Test
  void sourceOfAFunctionIsItsPathUnderAegis() {
    assertThat(EventTypes.sourceOf(EventTypes.MATCH_RULE)).isEqualTo("/aegis/match-rule");
  }
}
