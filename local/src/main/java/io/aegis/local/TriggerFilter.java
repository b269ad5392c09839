package io.aegis.local;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.v1.CloudEventV1;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilter;
import io.fabric8.knative.eventing.v1.TriggerSpec;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A Trigger's filter, evaluated on a CloudEvent's attributes (core attributes and extensions alike,
 * by name, case-sensitive), as Knative Eventing does:
 *
 * <ul>
 *   <li>{@code spec.filters} (the Subscriptions API; wins when both are set): every entry must
 *       pass; dialects {@code exact}, {@code prefix}, {@code suffix} (maps, ANDed), {@code all},
 *       {@code any}, {@code not}. {@code cesql} is refused when the Trigger is read.
 *   <li>{@code spec.filter.attributes}: exact values, ANDed; the value {@code ""} only requires the
 *       attribute to exist.
 *   <li>neither: every event passes.
 * </ul>
 *
 * An attribute the event lacks fails every dialect that names it.
 */
final class TriggerFilter {
  private TriggerFilter() {}

  /** The predicate of {@code spec}; {@code trigger} names it in errors. */
  static Predicate<CloudEvent> of(String trigger, TriggerSpec spec) {
    if (spec.getFilters() != null && !spec.getFilters().isEmpty()) {
      List<Predicate<CloudEvent>> all =
          spec.getFilters().stream().map(f -> of(trigger, f)).toList();
      return e -> all.stream().allMatch(p -> p.test(e));
    }
    Map<String, String> attributes =
        spec.getFilter() == null ? null : spec.getFilter().getAttributes();
    if (attributes == null || attributes.isEmpty()) {
      return e -> true;
    }
    return e ->
        attributes.entrySet().stream()
            .allMatch(
                a -> {
                  Optional<String> value = attribute(e, a.getKey());
                  return value.isPresent()
                      && (a.getValue().isEmpty() || a.getValue().equals(value.get()));
                });
  }

  /** One Subscriptions API filter expression. */
  static Predicate<CloudEvent> of(String trigger, SubscriptionsAPIFilter f) {
    if (f.getCesql() != null) {
      throw new IllegalArgumentException(
          "Trigger "
              + trigger
              + ": CESQL filters are not supported by the local broker; express it with"
              + " exact/prefix/suffix/all/any/not");
    }
    Predicate<CloudEvent> p = e -> true;
    p = and(p, f.getExact(), String::equals);
    p = and(p, f.getPrefix(), String::startsWith);
    p = and(p, f.getSuffix(), String::endsWith);
    if (f.getAll() != null) {
      List<Predicate<CloudEvent>> all = f.getAll().stream().map(x -> of(trigger, x)).toList();
      p = p.and(e -> all.stream().allMatch(x -> x.test(e)));
    }
    if (f.getAny() != null && !f.getAny().isEmpty()) {
      List<Predicate<CloudEvent>> any = f.getAny().stream().map(x -> of(trigger, x)).toList();
      p = p.and(e -> any.stream().anyMatch(x -> x.test(e)));
    }
    if (f.getNot() != null) {
      Predicate<CloudEvent> not = of(trigger, f.getNot());
      p = p.and(not.negate());
    }
    return p;
  }

  private static Predicate<CloudEvent> and(
      Predicate<CloudEvent> p, Map<String, String> values, BiPredicate<String, String> test) {
    if (values == null || values.isEmpty()) {
      return p;
    }
    return p.and(
        e ->
            values.entrySet().stream()
                .allMatch(
                    v ->
                        attribute(e, v.getKey())
                            .filter(a -> test.test(a, v.getValue()))
                            .isPresent()));
  }

  /** An attribute in its CloudEvents string form, or empty when the event does not carry it. */
  static Optional<String> attribute(CloudEvent event, String name) {
    Object value;
    switch (name) {
      case CloudEventV1.SPECVERSION -> value = event.getSpecVersion().toString();
      case CloudEventV1.ID -> value = event.getId();
      case CloudEventV1.TYPE -> value = event.getType();
      case CloudEventV1.SOURCE -> value = event.getSource();
      case CloudEventV1.SUBJECT -> value = event.getSubject();
      case CloudEventV1.TIME -> value = event.getTime();
      case CloudEventV1.DATACONTENTTYPE -> value = event.getDataContentType();
      case CloudEventV1.DATASCHEMA -> value = event.getDataSchema();
      default -> value = event.getExtension(name);
    }
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof OffsetDateTime time) {
      return Optional.of(time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }
    if (value instanceof byte[] bytes) {
      return Optional.of(Base64.getEncoder().encodeToString(bytes));
    }
    return Optional.of(value.toString());
  }
}
