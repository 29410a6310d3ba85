package dev.tglogin.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;

import dev.tglogin.observation.MicrometerTelegramLoginMetrics;
import dev.tglogin.observation.TelegramLoginMetrics;

/**
 * The metrics over the application's unique {@link MeterRegistry} bean. Loaded only when Micrometer's
 * {@code micrometer-core} is on the classpath ({@link TelegramLoginSettings.Builder} checks first).
 */
final class MeterRegistryMetrics {

	private MeterRegistryMetrics() {
	}

	static @Nullable TelegramLoginMetrics find(@Nullable ApplicationContext context) {
		MeterRegistry registry = Collaborators.bean(context, MeterRegistry.class);
		return (registry != null) ? new MicrometerTelegramLoginMetrics(registry) : null;
	}

}
