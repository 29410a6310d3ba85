package dev.tglogin.autoconfigure;

import java.util.concurrent.Executor;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.tglogin.autoconfigure.TelegramLoginAutoConfiguration.APPLICATION_TASK_EXECUTOR;

/**
 * The upstreams' HTTP clients, imported by each upstream's configuration ({@link BondifyConfiguration},
 * {@link XellarConfiguration}) so that each stands on its own.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamHttpClientsConfiguration {

	/**
	 * The upstreams' HTTP clients with the {@code tglogin.http} settings, observed in the app's registry; the JDK
	 * client's work and answers on Boot's {@code applicationTaskExecutor} when the app has one. Closed with the
	 * context.
	 */
	@Bean
	UpstreamHttpClients telegramLoginUpstreamHttpClients(TelegramLoginProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry,
			@Qualifier(APPLICATION_TASK_EXECUTOR) ObjectProvider<Executor> applicationTaskExecutor) {
		return new UpstreamHttpClients(properties.getHttp(), properties.httpClient(),
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP),
				applicationTaskExecutor.getIfAvailable());
	}

}
