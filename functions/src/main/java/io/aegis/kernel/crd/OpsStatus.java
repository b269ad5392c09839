package io.aegis.kernel.crd;

/** Progress of the alert's ops workflow ({@code status.opsStatus.alertOpsStatus}). */
public enum OpsStatus {
  Pending,
  Running,
  Succeeded,
  Failed;

  public boolean isFinished() {
    return this == Succeeded || this == Failed;
  }
}
