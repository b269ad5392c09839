package io.aegis.kernel.error;

/** The one exception type of Aegis: a {@link Reason} and a message a user can act on. */
public class AegisException extends RuntimeException {
  private final Reason reason;

  public AegisException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public AegisException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public static AegisException invalid(String message) {
    return new AegisException(Reason.INVALID_INPUT, message);
  }

  public static AegisException apiUnavailable(String message, Throwable cause) {
    return new AegisException(Reason.API_UNAVAILABLE, message, cause);
  }
}
