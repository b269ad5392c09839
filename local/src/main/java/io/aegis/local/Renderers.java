package io.aegis.local;

/** The renderer behind {@code aegis render}. */
final class Renderers {
  private Renderers() {}

  static RenderCommand.Renderer engine() {
    return (manifest, alert) -> {
      throw new RenderCommand.RenderException(
          "render-submit's template engine is not in this build yet");
    };
  }
}
