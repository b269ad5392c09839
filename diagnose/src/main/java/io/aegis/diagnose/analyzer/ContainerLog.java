package io.aegis.diagnose.analyzer;

/**
 * The tail of one container's log, as fetched for the {@link PodAnalyzer}.
 *
 * @param container container name
 * @param previous true for the previous (terminated) instance's log
 * @param text the log text, null when it could not be read
 * @param error why the log could not be read, null when it was
 */
public record ContainerLog(String container, boolean previous, String text, String error) {
  public static ContainerLog of(LogRequest request, String text) {
    return new ContainerLog(request.container(), request.previous(), text, null);
  }

  public static ContainerLog unavailable(LogRequest request, String error) {
    return new ContainerLog(request.container(), request.previous(), null, error);
  }

  /** Which container's log the analysis wants, and whether of its previous instance. */
  public record LogRequest(String container, boolean previous) {}
}
