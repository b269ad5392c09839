package io.aegis.rendersubmit.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.rendersubmit.TestAlerts;
import io.aegis.rendersubmit.TestTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go original's examples keep working (ACCEPTANCE A35). */
class OriginalExamplesTest {
  static final WorkflowTemplateEngine ENGINE = new WorkflowTemplateEngine();

  @Test
  void A35_everyOriginalExampleRendersAValidWorkflow() {
    List<AegisOpsTemplate> templates = new ArrayList<>();
    List<AegisAlertOpsRule> rules = new ArrayList<>();
    for (String file : TestTemplates.ORIGINAL_EXAMPLES) {
      templates.addAll(TestTemplates.templates(file));
      rules.addAll(TestTemplates.rules(file));
    }
    assertThat(templates).hasSize(4);
    assertThat(rules).hasSize(4);

    var alert =
        TestAlerts.node("default-nodecriticalissue-x2b4k", "gpu-07", Map.of("node", "gpu-07"));
    for (AegisOpsTemplate template : templates) {
      String name = template.getMetadata().getName();
      TemplateCheck check = ENGINE.check(template.getSpec().manifest);
      assertThat(check.valid()).as(name + ": " + check.problem()).isTrue();
      assertThat(check.warnings()).as(name).singleElement().asString().contains("ttlStrategy");

      RenderedWorkflow rendered =
          ENGINE.render(template.getSpec().manifest, TemplateVariables.of(alert));
      assertThat(rendered.workflow().at("/spec/ttlSecondsAfterFinished").isMissingNode())
          .as(name)
          .isTrue();
      assertThat(rendered.workflow().at("/spec/ttlStrategy/secondsAfterCompletion").asInt())
          .as(name)
          .isEqualTo(60);
      assertThat(rendered.workflow().at("/spec/templates/0/container/command").toString())
          .as(name)
          .contains("gpu-07")
          .doesNotContain("{{");
    }
    for (AegisAlertOpsRule rule : rules) {
      String ref = rule.getSpec().opsTemplate.name;
      assertThat(rule.getSpec().alertConditions).as(rule.getMetadata().getName()).isNotEmpty();
      assertThat(templates)
          .as("template of rule " + rule.getMetadata().getName())
          .anyMatch(t -> t.getMetadata().getName().equals(ref));
    }
  }

  @Test
  void A28_theReadmeTemplateCordonsTheAlertsNode() {
    AegisOpsTemplate readme = TestTemplates.readme("monitoring");
    RenderedWorkflow rendered =
        ENGINE.render(readme.getSpec().manifest, TemplateVariables.of(TestAlerts.readme()));
    assertThat(rendered.workflow().at("/spec/templates/0/container/command/2").asText())
        .isEqualTo("kubectl cordon dev1\n");
  }
}
