/**
 * Micrometer observations and meters of Telegram login: the upstream calls, the login attempts, and the recent
 * outcomes of the upstream calls that the health indicators report. Without an {@code ObservationRegistry} (or with
 * {@code ObservationRegistry.NOOP}) and without Micrometer's {@code MeterRegistry}, nothing here does anything.
 */
@NullMarked
package dev.tglogin.observation;

import org.jspecify.annotations.NullMarked;
