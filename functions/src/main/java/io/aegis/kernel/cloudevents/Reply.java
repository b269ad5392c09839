package io.aegis.kernel.cloudevents;

/**
 * The one event a function answers with. The edge sets {@code id} (derived deterministically from
 * the inbound id and the reply type, so a redelivery yields the same reply id) and {@code source}
 * ({@code /aegis/<function>}), and writes {@code data} as JSON.
 */
public record Reply(String type, String subject, Object data) {}
