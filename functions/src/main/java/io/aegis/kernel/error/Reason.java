package io.aegis.kernel.error;

/**
 * Why something failed, and whether retrying can help. The HTTP edge turns a transient reason into
 * a 5xx (the broker or Alertmanager retries) and a permanent one into the given 4xx (no retry).
 */
public enum Reason {
  /** The request or event body is not what the endpoint accepts (bad JSON, missing field). */
  INVALID_INPUT(400, false),
  /** The event's type is not one this function handles. */
  UNSUPPORTED_EVENT(400, false),
  /** Missing or wrong bearer token. */
  UNAUTHORIZED(401, false),
  /** Body larger than the configured limit. */
  PAYLOAD_TOO_LARGE(413, false),
  /** The LLM answered something that is not a valid alert. */
  UNPROCESSABLE(422, false),
  /** A feature is used that is not configured (e.g. no LLM key). */
  NOT_CONFIGURED(503, false),
  /** The Kubernetes API server failed or could not be reached. */
  API_UNAVAILABLE(503, true),
  /** An optimistic-concurrency conflict persisted after bounded retries. */
  CONFLICT(503, true),
  /** The broker (K_SINK) did not accept an event. */
  SINK_UNAVAILABLE(503, true),
  /** The LLM server failed or timed out. */
  LLM_UNAVAILABLE(503, true);

  private final int httpStatus;
  private final boolean transientFailure;

  Reason(int httpStatus, boolean transientFailure) {
    this.httpStatus = httpStatus;
    this.transientFailure = transientFailure;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** True when the same request may succeed later; the edge answers 5xx so the sender retries. */
  public boolean isTransient() {
    return transientFailure;
  }
}
