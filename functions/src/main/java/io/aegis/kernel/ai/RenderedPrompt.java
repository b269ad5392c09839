package io.aegis.kernel.ai;

/**
 * A prompt ready to send: instructions (the system message, may be empty) and the data (the user
 * message).
 */
public record RenderedPrompt(String system, String user) {
  public RenderedPrompt {
    system = system == null ? "" : system;
    user = user == null ? "" : user;
  }
}
