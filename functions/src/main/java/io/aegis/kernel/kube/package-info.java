/**
 * Kubernetes helpers shared by every function: the one status writer ({@link
 * io.aegis.kernel.kube.StatusWriter}, writing from a fresh read or from a {@link
 * io.aegis.kernel.kube.Stored} object the caller already read), condition bookkeeping ({@link
 * io.aegis.kernel.kube.Conditions} with the {@link io.aegis.kernel.kube.ConditionTypes} and {@link
 * io.aegis.kernel.kube.ConditionReasons} vocabularies), deterministic object names ({@link
 * io.aegis.kernel.kube.Names}), label rules ({@link io.aegis.kernel.kube.Labels}) and owner
 * references ({@link io.aegis.kernel.kube.OwnerRefs}).
 */
package io.aegis.kernel.kube;
