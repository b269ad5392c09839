package io.aegis.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.rendersubmit.template.RenderedWorkflow;
import io.aegis.rendersubmit.template.TemplateInvalidException;
import io.aegis.rendersubmit.template.TemplateVariables;
import io.aegis.rendersubmit.template.WorkflowTemplateEngine;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The renderer behind {@code aegis render}: render-submit's own template engine. */
final class Renderers {
  private Renderers() {}

  static RenderCommand.Renderer engine() {
    WorkflowTemplateEngine engine = new WorkflowTemplateEngine();
    return (manifest, alert) -> {
      try {
        RenderedWorkflow rendered = engine.render(manifest, TemplateVariables.of(alert));
        ObjectNode workflow = rendered.workflow().deepCopy();
        if (workflow.path("metadata").isEmpty()) {
          workflow.remove("metadata");
        }
        return new RenderCommand.Result(Serialization.asYaml(workflow), rendered.warnings());
      } catch (TemplateInvalidException e) {
        throw new RenderCommand.RenderException(e.getMessage());
      }
    };
  }
}
