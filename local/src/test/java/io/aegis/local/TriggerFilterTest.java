package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilter;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilterBuilder;
import io.fabric8.knative.eventing.v1.TriggerFilterBuilder;
import io.fabric8.knative.eventing.v1.TriggerSpec;
import io.fabric8.knative.eventing.v1.TriggerSpecBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TriggerFilterTest {
  private static final CloudEvent WORKFLOW_UPDATE =
      CloudEventBuilder.v1()
          .withId("1")
          .withSource(URI.create("http://127.0.0.1:8082"))
          .withType("dev.knative.apiserver.resource.update")
          .withSubject("/apis/argoproj.io/v1alpha1/namespaces/monitoring/workflows/wf-1")
          .withExtension("kind", "Workflow")
          .withExtension("apiversion", "argoproj.io/v1alpha1")
          .build();

  private static Predicate<CloudEvent> filters(SubscriptionsAPIFilter... filters) {
    return TriggerFilter.of("t", new TriggerSpecBuilder().withFilters(List.of(filters)).build());
  }

  private static Predicate<CloudEvent> attributes(Map<String, String> attributes) {
    TriggerSpec spec =
        new TriggerSpecBuilder()
            .withFilter(new TriggerFilterBuilder().withAttributes(attributes).build())
            .build();
    return TriggerFilter.of("t", spec);
  }

  @Test
  void exactMatchesCoreAttributesAndExtensionsTogether() {
    assertThat(
            filters(
                    new SubscriptionsAPIFilterBuilder()
                        .withExact(
                            Map.of(
                                "type", "dev.knative.apiserver.resource.update",
                                "kind", "Workflow",
                                "apiversion", "argoproj.io/v1alpha1"))
                        .build())
                .test(WORKFLOW_UPDATE))
        .isTrue();
    assertThat(
            filters(new SubscriptionsAPIFilterBuilder().withExact(Map.of("kind", "Pod")).build())
                .test(WORKFLOW_UPDATE))
        .isFalse();
  }

  @Test
  void anAttributeTheEventLacksFailsEveryDialect() {
    assertThat(
            filters(new SubscriptionsAPIFilterBuilder().withPrefix(Map.of("name", "")).build())
                .test(WORKFLOW_UPDATE))
        .isFalse();
    assertThat(attributes(Map.of("namespace", "")).test(WORKFLOW_UPDATE)).isFalse();
  }

  @Test
  void prefixAndSuffixCompareStringForms() {
    assertThat(
            filters(
                    new SubscriptionsAPIFilterBuilder()
                        .withPrefix(Map.of("type", "dev.knative.apiserver."))
                        .withSuffix(Map.of("subject", "/wf-1", "source", ":8082"))
                        .build())
                .test(WORKFLOW_UPDATE))
        .isTrue();
    assertThat(
            filters(new SubscriptionsAPIFilterBuilder().withSuffix(Map.of("type", ".add")).build())
                .test(WORKFLOW_UPDATE))
        .isFalse();
  }

  @Test
  void allAnyAndNotCombine() {
    SubscriptionsAPIFilter isWorkflow =
        new SubscriptionsAPIFilterBuilder().withExact(Map.of("kind", "Workflow")).build();
    SubscriptionsAPIFilter isAdd =
        new SubscriptionsAPIFilterBuilder()
            .withExact(Map.of("type", "dev.knative.apiserver.resource.add"))
            .build();
    assertThat(
            filters(new SubscriptionsAPIFilterBuilder().withAny(isAdd, isWorkflow).build())
                .test(WORKFLOW_UPDATE))
        .isTrue();
    assertThat(
            filters(new SubscriptionsAPIFilterBuilder().withAll(isAdd, isWorkflow).build())
                .test(WORKFLOW_UPDATE))
        .isFalse();
    assertThat(
            filters(new SubscriptionsAPIFilterBuilder().withNot(isAdd).build())
                .test(WORKFLOW_UPDATE))
        .isTrue();
    assertThat(filters(isWorkflow, isAdd).test(WORKFLOW_UPDATE))
        .as("entries of spec.filters are ANDed")
        .isFalse();
  }

  @Test
  void attributesFilterIsExactAndEmptyValueOnlyRequiresPresence() {
    assertThat(
            attributes(Map.of("type", "dev.knative.apiserver.resource.update", "kind", ""))
                .test(WORKFLOW_UPDATE))
        .isTrue();
    assertThat(attributes(Map.of("type", "dev.knative.apiserver.resource")).test(WORKFLOW_UPDATE))
        .isFalse();
    assertThat(attributes(Map.of("kind", "workflow")).test(WORKFLOW_UPDATE))
        .as("case-sensitive")
        .isFalse();
  }

  @Test
  void filtersWinOverTheAttributesFilter() {
    TriggerSpec spec =
        new TriggerSpecBuilder()
            .withFilter(new TriggerFilterBuilder().withAttributes(Map.of("kind", "Pod")).build())
            .withFilters(
                new SubscriptionsAPIFilterBuilder().withExact(Map.of("kind", "Workflow")).build())
            .build();
    assertThat(TriggerFilter.of("t", spec).test(WORKFLOW_UPDATE)).isTrue();
  }

  @Test
  void noFilterPassesEverything() {
    assertThat(TriggerFilter.of("t", new TriggerSpec()).test(WORKFLOW_UPDATE)).isTrue();
  }

  @Test
  void cesqlIsRefusedWithTheTriggerNamed() {
    assertThatThrownBy(
            () -> filters(new SubscriptionsAPIFilterBuilder().withCesql("type = 'x'").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trigger t")
        .hasMessageContaining("CESQL");
  }
}
