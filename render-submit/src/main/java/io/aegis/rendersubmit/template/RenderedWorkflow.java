package io.aegis.rendersubmit.template;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A rendered, checked Workflow: {@code apiVersion}, {@code kind}, {@code metadata} (possibly empty)
 * and {@code spec}, valid against the Argo schema. {@code warnings} lists what the renderer rewrote
 * (e.g. the removed {@code ttlSecondsAfterFinished}).
 */
public record RenderedWorkflow(ObjectNode workflow, List<String> warnings) {}
