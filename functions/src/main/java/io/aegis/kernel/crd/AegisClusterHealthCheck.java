package io.aegis.kernel.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Health check of many nodes, once or on a cron schedule. */
@Group(Aegis.GROUP)
@Version(Aegis.VERSION)
@Kind("AegisClusterHealthCheck")
@Plural("aegisclusterhealthchecks")
@ShortNames({"achc"})
@Categories(Aegis.CATEGORY)
// managedFields are server-side bookkeeping, meaningless in a pod template; their fieldsV1 is an
// object without properties, which a real API server would prune to nothing.
@SchemaSwap(originalType = ObjectMeta.class, fieldName = "managedFields")
@AdditionalPrinterColumn(
    name = "Desired",
    jsonPath = ".status.desired",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Active",
    jsonPath = ".status.active",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Succeeded",
    jsonPath = ".status.succeeded",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Failed",
    jsonPath = ".status.failed",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AegisClusterHealthCheck
    extends CustomResource<AegisClusterHealthCheckSpec, AegisClusterHealthCheckStatus>
    implements Namespaced {}
