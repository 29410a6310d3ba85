package dev.tglogin.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.observation.DefaultUpstreamCallObservationConvention;
import dev.tglogin.observation.UpstreamCallContext;
import dev.tglogin.observation.UpstreamCallObservationConvention;

/**
 * The one place where the library talks HTTP + JSON to an upstream (Bondify, Xellar).
 * <p>
 * Every call has a deadline (the read timeout covers the headers and the whole body), reads at most
 * {@link #setMaxResponseBytes(int) a bounded body}, and turns every transport failure into an
 * {@link UpstreamException}: {@link UpstreamUnavailableException} when the upstream cannot be reached,
 * {@link UpstreamTimeoutException} when it does not answer in time, and a plain {@link UpstreamException} for a body
 * that is too large. Interpreting statuses and bodies is left to the caller. Exception messages never contain the
 * request body, headers or URL query, which may carry tokens or secrets.
 * <p>
 * With an {@link #setObservationRegistry ObservationRegistry}, every call is observed as
 * {@value DefaultUpstreamCallObservationConvention#NAME} with the upstream, the operation named by the caller and the
 * outcome ({@link UpstreamCallContext}); nothing else of the call is in the observation.
 * <p>
 * The calls go over the JDK {@link HttpClient} (the constructors) or, with {@link #jetty}, over Jetty's HTTP client
 * ({@code org.eclipse.jetty:jetty-client}, an optional dependency), which costs less CPU per call and never starts a
 * thread per answer; both behave the same (timeouts, bounded bodies, no redirects, the same exceptions).
 * {@link #create} picks one by {@link HttpClientType}, Jetty's when it is on the class path by default.
 * {@link #close()} releases what the client started (the Jetty client's threads and connections).
 * <p>
 * This class is thread-safe.
 */
public final class UpstreamHttpClient implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(UpstreamHttpClient.class);

	private static final AtomicBoolean adviceLogged = new AtomicBoolean();

	/** Default connect timeout: 2 seconds. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

	/** Default read timeout: 5 seconds. */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

	private final String upstream;

	private final UpstreamTransport transport;

	private final Duration readTimeout;

	private final UpstreamFailures failures;

	private int maxResponseBytes = 256 * 1024;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable UpstreamCallObservationConvention observationConvention;

	/** The operation of the calls made through the methods that do not name one. */
	static final String UNNAMED_OPERATION = "other";

	/**
	 * Creates a client with its own JDK {@link HttpClient}, whose work and answers are handled by a few threads of its
	 * own (as many as there are processors, at least 2, ended when idle): the JDK's default executor starts a thread
	 * for about every answer under load, while the work on an answer here is short and never blocks.
	 * @param upstream the upstream's name for messages, e.g. {@code bondify}
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the deadline for the whole response
	 */
	public UpstreamHttpClient(String upstream, Duration connectTimeout, Duration readTimeout) {
		this(upstream, connectTimeout, readTimeout, DaemonExecutors.bounded("tglogin-" + upstream + "-http"));
	}

	/**
	 * Creates a client with its own JDK {@link HttpClient} over the given executor, which runs the client's work and
	 * the handling of every answer (parsing, the caller's follow-up): short tasks that never block, so a small pool
	 * fits. HTTP/2 is used where the upstream offers it over TLS (ALPN), HTTP/1.1 with keep-alive otherwise.
	 * @param upstream the upstream's name for messages, e.g. {@code bondify}
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the deadline for the whole response
	 * @param executor the executor of the HTTP client and of the answers
	 */
	public UpstreamHttpClient(String upstream, Duration connectTimeout, Duration readTimeout, Executor executor) {
		this(upstream, HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(executor)
			.build(), readTimeout);
	}

	/**
	 * Creates a client over the given JDK {@link HttpClient} (whose connect timeout, version and executor apply;
	 * answers are handled on its executor).
	 * @param upstream the upstream's name for messages
	 * @param httpClient the HTTP client
	 * @param readTimeout the deadline for the whole response
	 */
	public UpstreamHttpClient(String upstream, HttpClient httpClient, Duration readTimeout) {
		this(checkUpstream(upstream, readTimeout), new JdkTransport(checkNotNull(httpClient)), readTimeout);
		if (ForkJoinPool.getCommonPoolParallelism() <= 1 && adviceLogged.compareAndSet(false, true)) {
			// on Java 17 (not on Java 25), HttpClient.sendAsync completes its future through CompletableFuture's
			// default executor, a new thread per task when the common pool has parallelism 1: answers are handled on
			// the client's executor here (JdkTransport), but the JDK still starts that thread (bench/README.md)
			logger.info("The common ForkJoinPool has parallelism " + ForkJoinPool.getCommonPoolParallelism()
					+ " on this machine, so the JDK HttpClient may start a new thread for every upstream answer; "
					+ "under load, start the JVM with -Djava.util.concurrent.ForkJoinPool.common.parallelism=2, or add "
					+ "org.eclipse.jetty:jetty-client for the Jetty client (tglogin.http.client=auto picks it up, "
					+ "docs/deploying.md)");
		}
	}

	private UpstreamHttpClient(String upstream, UpstreamTransport transport, Duration readTimeout) {
		this.upstream = upstream;
		this.transport = transport;
		this.readTimeout = readTimeout;
		this.failures = new UpstreamFailures(upstream, readTimeout);
	}

	/**
	 * Creates a client over a Jetty {@code HttpClient} of its own ({@code org.eclipse.jetty:jetty-client} 12.0 or
	 * 12.1 on the class path), started here and stopped by {@link #close()}: HTTP/1.1 with keep-alive (over TLS
	 * with the JVM's default trust), no redirects followed, no cookies kept, its work and the handling of every
	 * answer (parsing, the caller's follow-up) on a few daemon threads of its own ({@code tglogin-<upstream>-http-n},
	 * at most 8), never a thread per answer.
	 * @param upstream the upstream's name for messages, e.g. {@code bondify}
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the deadline for the whole response
	 * @return the started client
	 * @throws IllegalStateException when {@code jetty-client} is not on the class path
	 */
	public static UpstreamHttpClient jetty(String upstream, Duration connectTimeout, Duration readTimeout) {
		checkArguments(upstream, readTimeout);
		Assert.isTrue(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
				"connectTimeout must be positive");
		if (!HttpClientType.jettyPresent(UpstreamHttpClient.class.getClassLoader())) {
			throw new IllegalStateException("The Jetty HTTP client (tglogin.http.client=jetty) needs "
					+ "org.eclipse.jetty:jetty-client (Jetty 12) on the class path: add it, or use the JDK client "
					+ "(tglogin.http.client=jdk)");
		}
		return new UpstreamHttpClient(upstream, JettyTransport.start(upstream, connectTimeout), readTimeout);
	}

	/**
	 * Creates a client over the chosen HTTP client: {@link #jetty} for {@link HttpClientType#JETTY} (and for
	 * {@link HttpClientType#AUTO} when Jetty 12's client is on the class path), else a JDK client of its own.
	 * @param type the HTTP client
	 * @param upstream the upstream's name for messages, e.g. {@code bondify}
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the deadline for the whole response
	 * @param executor the JDK client's executor (its work and the answers), {@code null} for a small pool of its
	 * own; the Jetty client always has threads of its own
	 * @return the client; a Jetty one is started, and {@link #close()} stops it
	 * @throws IllegalStateException for {@link HttpClientType#JETTY} without {@code jetty-client} on the class path
	 */
	public static UpstreamHttpClient create(HttpClientType type, String upstream, Duration connectTimeout,
			Duration readTimeout, @Nullable Executor executor) {
		Assert.notNull(type, "type cannot be null");
		if (type.resolve(UpstreamHttpClient.class.getClassLoader()) == HttpClientType.JETTY) {
			return jetty(upstream, connectTimeout, readTimeout);
		}
		return (executor != null) ? new UpstreamHttpClient(upstream, connectTimeout, readTimeout, executor)
				: new UpstreamHttpClient(upstream, connectTimeout, readTimeout);
	}

	private static HttpClient checkNotNull(HttpClient httpClient) {
		Assert.notNull(httpClient, "httpClient cannot be null");
		return httpClient;
	}

	private static String checkUpstream(String upstream, Duration readTimeout) {
		checkArguments(upstream, readTimeout);
		return upstream;
	}

	private static void checkArguments(String upstream, Duration readTimeout) {
		Assert.hasText(upstream, "upstream cannot be empty");
		Assert.isTrue(readTimeout != null && !readTimeout.isNegative() && !readTimeout.isZero(),
				"readTimeout must be positive");
	}

	/**
	 * Sets the largest response body read; a larger one fails the call. Defaults to 256 KiB.
	 * @param maxResponseBytes the limit in bytes
	 */
	public void setMaxResponseBytes(int maxResponseBytes) {
		Assert.isTrue(maxResponseBytes > 0, "maxResponseBytes must be positive");
		this.maxResponseBytes = maxResponseBytes;
	}

	/**
	 * Sets where the calls are observed. Defaults to {@link ObservationRegistry#NOOP}: not observed.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry cannot be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Sets the convention of the calls' observations. Defaults to the registry's own, else
	 * {@link DefaultUpstreamCallObservationConvention}.
	 * @param observationConvention the convention
	 */
	public void setObservationConvention(UpstreamCallObservationConvention observationConvention) {
		Assert.notNull(observationConvention, "observationConvention cannot be null");
		this.observationConvention = observationConvention;
	}

	/**
	 * Releases what this client started: the Jetty client's threads and connections ({@link #jetty}); nothing for
	 * the JDK client. Calls made afterwards fail. Called by Spring on context close for the clients that the
	 * auto-configuration or the {@code telegramLogin()} DSL made.
	 */
	@Override
	public void close() {
		this.transport.close();
	}

	/** Returns the upstream's name, e.g. {@code bondify}. */
	public String getUpstream() {
		return this.upstream;
	}

	/**
	 * POSTs a JSON object and waits for the answer, at most the read timeout (observed as operation
	 * {@value #UNNAMED_OPERATION}).
	 * @param uri the absolute URI
	 * @param body the JSON object to send
	 * @param headers extra request headers (for example an API secret); never logged
	 * @return the response
	 * @throws UpstreamException when the call fails for any transport reason
	 */
	public UpstreamResponse postJson(URI uri, Map<String, ?> body, Map<String, String> headers) {
		return postJson(UNNAMED_OPERATION, uri, body, headers);
	}

	/**
	 * POSTs a JSON object and waits for the answer, at most the read timeout.
	 * @param operation the operation's name in the observation, e.g. {@code generate}: a constant, never a value
	 * of the request
	 * @param uri the absolute URI
	 * @param body the JSON object to send
	 * @param headers extra request headers (for example an API secret); never logged
	 * @return the response
	 * @throws UpstreamException when the call fails for any transport reason
	 */
	public UpstreamResponse postJson(String operation, URI uri, Map<String, ?> body, Map<String, String> headers) {
		try {
			return postJsonAsync(operation, uri, body, headers).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UpstreamUnavailableException(this.upstream, "interrupted while waiting for the answer", ex);
		}
		catch (ExecutionException ex) {
			throw this.failures.translate(ex.getCause());
		}
	}

	/**
	 * POSTs a JSON object without blocking the calling thread (observed as operation {@value #UNNAMED_OPERATION}).
	 * @param uri the absolute URI
	 * @param body the JSON object to send
	 * @param headers extra request headers; never logged
	 * @return the future response
	 * @see #postJsonAsync(String, URI, Map, Map)
	 */
	public CompletableFuture<UpstreamResponse> postJsonAsync(URI uri, Map<String, ?> body,
			Map<String, String> headers) {
		return postJsonAsync(UNNAMED_OPERATION, uri, body, headers);
	}

	/**
	 * POSTs a JSON object without blocking the calling thread. The future completes with the response, or
	 * exceptionally with an {@link UpstreamException}; it never takes longer than the read timeout. An answer
	 * completes it on a thread of the HTTP client's executor, where its dependent stages run (they should be short
	 * and never block).
	 * @param operation the operation's name in the observation, e.g. {@code status}: a constant, never a value of
	 * the request
	 * @param uri the absolute URI
	 * @param body the JSON object to send
	 * @param headers extra request headers; never logged
	 * @return the future response
	 */
	public CompletableFuture<UpstreamResponse> postJsonAsync(String operation, URI uri, Map<String, ?> body,
			Map<String, String> headers) {
		UpstreamCallObservation observation = UpstreamCallObservation.start(this.upstream, operation,
				this.observationConvention, this.observationRegistry);
		try {
			return exchange(uri, body, headers).whenComplete((response, failure) -> {
				if (failure != null) {
					observation.failed(this.failures.translate(failure));
				}
				else {
					observation.answered(response.status());
				}
			});
		}
		catch (RuntimeException ex) {
			observation.failed(this.failures.translate(ex));
			throw ex;
		}
	}

	private CompletableFuture<UpstreamResponse> exchange(URI uri, Map<String, ?> body, Map<String, String> headers) {
		CompletableFuture<UpstreamResponse> answer;
		try {
			answer = this.transport.send(uri, JsonCodec.toBytes(body), headers, this.readTimeout,
					this.maxResponseBytes);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(this.failures.translate(ex));
		}
		return answer.handle((response, failure) -> {
			if (failure != null) {
				throw this.failures.translate(failure);
			}
			return response;
		});
	}

}
