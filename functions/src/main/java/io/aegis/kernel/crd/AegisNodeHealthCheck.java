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

/** Health check of one node. */
@Group(Aegis.GROUP)
@Version(Aegis.VERSION)
@Kind("AegisNodeHealthCheck")
@Plural("aegisnodehealthchecks")
@ShortNames({"anhc"})
@Categories(Aegis.CATEGORY)
// managedFields are server-side bookkeeping, meaningless in a pod template; their fieldsV1 is an
// object without properties, which a real API server would prune to nothing.
@SchemaSwap(originalType = ObjectMeta.class, fieldName = "managedFields")
@AdditionalPrinterColumn(
    name = "Node",
    jsonPath = ".spec.node",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AegisNodeHealthCheck
    extends CustomResource<AegisNodeHealthCheckSpec, AegisNodeHealthCheckStatus>
    implements Namespaced {}
