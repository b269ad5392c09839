package io.aegis.kernel.crd;

/** API group constants of Aegis' custom resources. */
public final class Aegis {
  public static final String GROUP = "aegis.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CATEGORY = "aegis";

  private Aegis() {}
}
