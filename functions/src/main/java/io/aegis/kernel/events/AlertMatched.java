package io.aegis.kernel.events;

/** match-rule chose the rule (and so the template) for an alert. */
public record AlertMatched(ResourceRef alert, ResourceRef rule, ResourceRef template) {
  public static final String TYPE = "io.aegis.alert.matched.v1";
}
