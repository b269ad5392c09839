package io.aegis.kernel.cloudevents;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reply ids that are stable across redeliveries: a name-based UUID of the inbound event's {@code
 * source} and {@code id} (which together identify it, CloudEvents §id) and the reply type. A
 * redelivered event therefore produces a reply with the same id, which lets consumers and brokers
 * recognise the duplicate.
 */
public final class ReplyIds {
  public static String of(InboundEvent inbound, String replyType) {
    String name = inbound.source() + '\u0000' + inbound.id() + '\u0000' + replyType;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private ReplyIds() {}
}
