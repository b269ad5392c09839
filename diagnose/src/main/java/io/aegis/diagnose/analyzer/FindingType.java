package io.aegis.diagnose.analyzer;

/**
 * What a finding is about, with the action a human should take. The deterministic explanation
 * suggests one action per type found, so every type's action must be something a platform engineer
 * can do.
 */
public enum FindingType {
  UNSCHEDULABLE(
      "Unschedulable",
      "Read the scheduler's message: free or add the missing capacity (CPU, memory, GPU), or relax"
          + " the pod's nodeSelector, affinity or tolerations; an unbound PVC needs a working"
          + " StorageClass."),
  IMAGE_PULL(
      "Image pull",
      "Check that the image name and tag exist in the registry and that the pod's"
          + " imagePullSecrets grant access to it."),
  CRASH_LOOP(
      "CrashLoopBackOff",
      "Read the container's last log lines (kubectl logs <pod> -c <container> --previous) and fix"
          + " the error behind the exit code; the restarts are only the symptom."),
  OOM_KILLED(
      "OOMKilled",
      "Raise the container's memory limit to what it really uses, or reduce its memory use (exit"
          + " code 137 is the kernel's OOM killer)."),
  CONTAINER_CONFIG(
      "Container configuration",
      "Create the ConfigMap, Secret or key the container references, or fix the reference in the"
          + " pod spec."),
  CONTAINER_START(
      "Container start",
      "Check the container's command, volume mounts and security context against the runtime's"
          + " message."),
  CONTAINER_FAILED(
      "Container failed", "Read the container's logs and fix the error behind its exit code."),
  PROBE(
      "Failing probe",
      "Check the probe's port, path and timing (initialDelaySeconds, timeoutSeconds,"
          + " failureThreshold) against how the application starts and answers."),
  INIT_FAILED(
      "Init container",
      "Read the init container's logs (kubectl logs <pod> -c <init-container>): the main"
          + " containers only start after every init container succeeded."),
  VOLUME(
      "Volume or sandbox",
      "Check the volume (PVC bound, Secret/ConfigMap present, NFS/CSI driver healthy) or the"
          + " node's CNI plugin, as the event says."),
  EVICTED(
      "Evicted",
      "The node ran short of a resource: set requests and limits that match real use, and check"
          + " the node's pressure conditions."),
  POD_FAILED("Pod failed", "Read the pod's status message and events for why the node failed it."),
  NODE_NOT_READY(
      "Node not ready",
      "Check the kubelet and container runtime on the node (systemctl status kubelet containerd;"
          + " journalctl -u kubelet) and that the node reaches the API server."),
  NODE_PRESSURE(
      "Node pressure",
      "Free memory, disk or PIDs on the node, or move workloads away: the kubelet evicts pods"
          + " until the pressure clears."),
  NODE_CONDITION(
      "Node condition",
      "A node problem detector reported this condition: follow its message; cordon and drain the"
          + " node if the hardware is faulty."),
  NODE_TAINT(
      "Node taint or cordon",
      "Pods without a matching toleration are not scheduled (or are evicted) here: remove the"
          + " taint or uncordon the node (kubectl uncordon) once the cause is fixed."),
  JOB_FAILED(
      "Job failed",
      "Find the failed replica in the pod findings, fix its cause, then resubmit the job."),
  JOB_RESTARTING(
      "Job restarting",
      "A replica keeps failing and the job is restarted: see the pod findings for the failing"
          + " replica."),
  JOB_STATE(
      "Job state",
      "Check the training operator's logs and the job's events: it reported no usable state."),
  JOB_PODS(
      "Job pods",
      "Check that the training operator created the pods (kubectl get pods -l"
          + " training.kubeflow.org/job-name=<job>) and why not, in the job's events."),
  EVENT("Warning events", "Read the warning events: they often name the cause directly."),
  CONTEXT("Context", "");

  private final String title;
  private final String action;

  FindingType(String title, String action) {
    this.title = title;
    this.action = action;
  }

  public String title() {
    return title;
  }

  /** What to do about findings of this type; empty for pure context. */
  public String action() {
    return action;
  }
}
