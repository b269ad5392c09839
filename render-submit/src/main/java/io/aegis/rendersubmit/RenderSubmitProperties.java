package io.aegis.rendersubmit;

import static io.aegis.kernel.config.PropertyChecks.atLeast;

import io.aegis.rendersubmit.template.WorkflowTemplateEngine;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of render-submit ({@code aegis.render-submit.*}).
 *
 * @param renderTimeout longest a template may take to render
 * @param maxManifestChars longest accepted {@code spec.manifest}
 * @param maxRenderedChars longest rendered manifest
 * @param templateEvents whether to post a Kubernetes Warning Event on a template when its
 *     validation finds something to fix (e.g. the removed {@code ttlSecondsAfterFinished})
 * @param argoInstanceId when the Argo controller runs with {@code instanceID}, the value of the
 *     {@code workflows.argoproj.io/controller-instanceid} label put on every workflow (Argo ignores
 *     workflows without it)
 */
@ConfigurationProperties("aegis.render-submit")
public record RenderSubmitProperties(
    @DefaultValue("2s") Duration renderTimeout,
    @DefaultValue("262144") int maxManifestChars,
    @DefaultValue("1048576") int maxRenderedChars,
    @DefaultValue("true") boolean templateEvents,
    String argoInstanceId) {

  public RenderSubmitProperties {
    atLeast("aegis.render-submit.max-manifest-chars", maxManifestChars, 1);
    atLeast("aegis.render-submit.max-rendered-chars", maxRenderedChars, 1);
  }

  WorkflowTemplateEngine.Limits limits() {
    return new WorkflowTemplateEngine.Limits(maxManifestChars, maxRenderedChars, renderTimeout);
  }
}
