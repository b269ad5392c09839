package io.aegis.kernel.cloudevents;

/**
 * The one event a function answers with. The edge sets {@code id} ({@link ReplyIds#of derived
 * deterministically} from the inbound event and the reply type, so a redelivery yields the same
 * reply id) and {@code source} ({@code /aegis/<spring.application.name>}), and writes {@code data}
 * as JSON ({@code Content-Type: application/json}; no body when {@code data} is null).
 *
 * @param type the reply's CloudEvent type; must differ from every type the function accepts
 * @param subject the CloudEvent subject (usually {@code <namespace>/<name>} of the resource), or
 *     null
 * @param data serialised as JSON with the kernel's Jackson 2 mapper, or null for no data
 */
public record Reply(String type, String subject, Object data) {
  public Reply {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a reply needs a CloudEvent type");
    }
  }
}
