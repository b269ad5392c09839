/**
 * Aegis' event payloads (one record per event type, with its {@code TYPE} constant) and {@link
 * io.aegis.kernel.events.EventTypes}, the one list of every type and who consumes it. Model only:
 * no Spring, no client.
 */
package io.aegis.kernel.events;
