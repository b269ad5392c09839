package io.aegis.trackstatus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The Workflow fixtures under {@code src/test/resources/workflows/}: real Argo objects as the
 * ApiServerSource sends them in Resource mode (status.nodes, managedFields and all), for the README
 * alert {@code monitoring/default-nodehasemergencyevent-9njt4}.
 */
final class TestWorkflows {
  static final String NAMESPACE = "monitoring";
  static final String ALERT = "default-nodehasemergencyevent-9njt4";
  static final String WORKFLOW = ALERT + "-s82rh";

  static byte[] bytes(String phase) {
    String path = "/workflows/workflow-" + phase + ".json";
    try (InputStream in = TestWorkflows.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode tree(String phase) {
    return (ObjectNode) Json.tree(bytes(phase), phase);
  }

  /**
   * The fixture re-pointed at {@code alert} (as render-submit would have made it): name {@code
   * <alert>-s82rh}, label {@code aegis.io/alert} and the controller ownerReference's name and uid.
   */
  static byte[] forAlert(String phase, AegisAlert alert) {
    ObjectNode wf = tree(phase);
    String alertName = alert.getMetadata().getName();
    ObjectNode metadata = wf.with("metadata");
    metadata.put("name", workflowOf(alertName));
    metadata.put("namespace", alert.getMetadata().getNamespace());
    metadata.with("labels").put("aegis.io/alert", alertName);
    ObjectNode owner = (ObjectNode) metadata.withArray("ownerReferences").get(0);
    owner.put("name", alertName);
    owner.put("uid", alert.getMetadata().getUid());
    return Json.write(wf);
  }

  static String workflowOf(String alertName) {
    return alertName + "-s82rh";
  }

  private TestWorkflows() {}
}
