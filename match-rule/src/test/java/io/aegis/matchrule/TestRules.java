package io.aegis.matchrule;

import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisAlertOpsRuleSpec;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.crd.AegisOpsTemplateSpec;
import io.aegis.kernel.crd.AlertCondition;
import io.aegis.kernel.crd.ObjectReference;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds AegisAlertOpsRules (and their templates) for tests: {@code rule("r").type("X")...}. */
final class TestRules {
  static final String NS = "monitoring";

  private final AegisAlertOpsRule rule = new AegisAlertOpsRule();

  private TestRules(String namespace, String name) {
    rule.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withUid(UUID.randomUUID().toString())
            .build());
    AegisAlertOpsRuleSpec spec = new AegisAlertOpsRuleSpec();
    spec.opsTemplate = new ObjectReference("AegisOpsTemplate", "aegis.io/v1alpha1", null, name);
    rule.setSpec(spec);
  }

  /** A rule in {@code monitoring} whose template has the rule's name and namespace. */
  static TestRules rule(String name) {
    return new TestRules(NS, name);
  }

  static TestRules rule(String namespace, String name) {
    return new TestRules(namespace, name);
  }

  TestRules when(String type, String status) {
    rule.getSpec().alertConditions.add(new AlertCondition(type, status));
    return this;
  }

  TestRules firing(String type) {
    return when(type, "Firing");
  }

  TestRules priority(int priority) {
    rule.getSpec().priority = priority;
    return this;
  }

  TestRules template(String namespace, String name) {
    rule.getSpec().opsTemplate.namespace = namespace;
    rule.getSpec().opsTemplate.name = name;
    return this;
  }

  TestRules templateKind(String kind) {
    rule.getSpec().opsTemplate.kind = kind;
    return this;
  }

  TestRules matchLabels(Map<String, String> labels) {
    selector().setMatchLabels(labels);
    return this;
  }

  TestRules expression(String key, String operator, String... values) {
    LabelSelector s = selector();
    if (s.getMatchExpressions() == null) {
      s.setMatchExpressions(new java.util.ArrayList<>());
    }
    s.getMatchExpressions().add(new LabelSelectorRequirement(key, operator, List.of(values)));
    return this;
  }

  private LabelSelector selector() {
    if (rule.getSpec().selector == null) {
      rule.getSpec().selector = new LabelSelector();
    }
    return rule.getSpec().selector;
  }

  AegisAlertOpsRule build() {
    return rule;
  }

  /** A template with a trivial manifest (match-rule only checks that it exists). */
  static AegisOpsTemplate opsTemplate(String namespace, String name) {
    AegisOpsTemplate t = new AegisOpsTemplate();
    t.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    AegisOpsTemplateSpec spec = new AegisOpsTemplateSpec();
    spec.manifest = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n";
    t.setSpec(spec);
    return t;
  }
}
