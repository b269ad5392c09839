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

/**
 * One alert episode: created by parse-alert, matched by match-rule, triggered by render-submit and
 * tracked by track-status. Printer columns follow the documented {@code kubectl get aegisalert -w}
 * output of the original, in that order.
 */
@Group(Aegis.GROUP)
@Version(Aegis.VERSION)
@Kind("AegisAlert")
@Plural("aegisalerts")
@ShortNames({"aalert"})
@Categories(Aegis.CATEGORY)
@AdditionalPrinterColumn(
    name = "Type",
    jsonPath = ".spec.type",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ObjectKind",
    jsonPath = ".spec.involvedObject.kind",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ObjectName",
    jsonPath = ".spec.involvedObject.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Count",
    jsonPath = ".status.count",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "TriggerStatus",
    jsonPath = ".status.opsStatus.triggerStatus",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "OpsStatus",
    jsonPath = ".status.opsStatus.alertOpsStatus",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AegisAlert extends CustomResource<AegisAlertSpec, AegisAlertStatus>
    implements Namespaced {}
