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

/** Links alerts (by type, status and labels) to the AegisOpsTemplate that remediates them. */
@Group(Aegis.GROUP)
@Version(Aegis.VERSION)
@Kind("AegisAlertOpsRule")
@Plural("aegisalertopsrules")
@ShortNames({"aarule"})
@Categories(Aegis.CATEGORY)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AegisAlertOpsRule
    extends CustomResource<AegisAlertOpsRuleSpec, AegisAlertOpsRuleStatus> implements Namespaced {}
