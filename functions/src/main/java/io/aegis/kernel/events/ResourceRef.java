package io.aegis.kernel.events;

/** Namespace, name and uid of an object an event is about. */
public record ResourceRef(String namespace, String name, String uid) {
  public static ResourceRef of(String namespace, String name) {
    return new ResourceRef(namespace, name, null);
  }

  /** {@code namespace/name}: the CloudEvent subject Aegis uses for the object. */
  public String subject() {
    return namespace + "/" + name;
  }
}
