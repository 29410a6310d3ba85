package dev.tglogin.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

import dev.tglogin.http.HttpClientType;
import dev.tglogin.http.UpstreamHttpClient;

/**
 * Makes the upstreams' HTTP clients of the auto-configured Bondify and Xellar clients from the {@code tglogin.http}
 * properties (the JDK's or Jetty's client, the timeouts), observed in the app's registry, and closes them with the
 * application context (which stops the Jetty client's threads).
 */
final class UpstreamHttpClients implements DisposableBean {

	private final TelegramLoginProperties.Http properties;

	private final HttpClientType type;

	private final ObservationRegistry observationRegistry;

	private final @Nullable Executor executor;

	private final List<UpstreamHttpClient> made = new CopyOnWriteArrayList<>();

	/**
	 * Creates the maker.
	 * @param properties the {@code tglogin.http} properties
	 * @param type the HTTP client, {@code tglogin.http.client} resolved against the application's class loader
	 * @param observationRegistry where the calls are observed
	 * @param executor the JDK client's executor (Boot's {@code applicationTaskExecutor}), {@code null} for a small
	 * pool of the client's own; the Jetty client always has its own threads
	 */
	UpstreamHttpClients(TelegramLoginProperties.Http properties, HttpClientType type,
			ObservationRegistry observationRegistry, @Nullable Executor executor) {
		this.properties = properties;
		this.type = type;
		this.observationRegistry = observationRegistry;
		this.executor = executor;
	}

	/**
	 * Returns a new client for an upstream.
	 * @param name the upstream's name, e.g. {@code bondify}
	 * @return the client, closed with the context
	 */
	UpstreamHttpClient create(String name) {
		Duration connectTimeout = this.properties.getConnectTimeout();
		Duration readTimeout = this.properties.getReadTimeout();
		UpstreamHttpClient http = UpstreamHttpClient.create(this.type, name, connectTimeout, readTimeout,
				this.executor);
		http.setObservationRegistry(this.observationRegistry);
		this.made.add(http);
		return http;
	}

	@Override
	public void destroy() {
		for (UpstreamHttpClient http : this.made) {
			http.close();
		}
		this.made.clear();
	}

}
