package io.aegis.kernel.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A standard operating procedure: an Argo Workflow template rendered per alert. */
@Group(Aegis.GROUP)
@Version(Aegis.VERSION)
@Kind("AegisOpsTemplate")
@Plural("aegisopstemplates")
@ShortNames({"aatemplate"})
@Categories(Aegis.CATEGORY)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ExecuteSucceed",
    jsonPath = ".status.executeStatus.succeeded",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "ExecuteFailed",
    jsonPath = ".status.executeStatus.failed",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AegisOpsTemplate extends CustomResource<AegisOpsTemplateSpec, AegisOpsTemplateStatus>
    implements Namespaced {}
