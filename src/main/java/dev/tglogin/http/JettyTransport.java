package dev.tglogin.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * {@link UpstreamTransport} over Jetty's {@link HttpClient} ({@code org.eclipse.jetty:jetty-client}, Jetty 12.0 or
 * 12.1), loaded only when {@link UpstreamHttpClient#jetty} is called.
 * <p>
 * The client is the library's own, started here and stopped by {@link #close()}: HTTP/1.1 with keep-alive (over TLS
 * too, with the JVM's default trust and host name verification), at most {@value #MAX_CONNECTIONS} connections per
 * upstream and {@value #MAX_QUEUED} calls waiting for one, no redirects followed, no cookies kept, no
 * {@code Accept-Encoding} sent, no header-field cache per connection, a 401 or 407 returned as it is (as the JDK
 * client). Its work and every answer run on a small pool of daemon threads of its own
 * ({@code tglogin-<upstream>-http-<n>}, at most {@value #MAX_THREADS}, one of which selects), never on a thread
 * started per answer. The read timeout is the request's total timeout
 * (queueing, connecting, the headers and the whole body); a body over the limit aborts the exchange.
 */
final class JettyTransport implements UpstreamTransport {

	/** Most connections to one upstream: HTTP/1.1 carries one call at a time per connection. */
	static final int MAX_CONNECTIONS = 1024;

	/** Most calls waiting for a connection to one upstream; beyond it a call fails at once. */
	static final int MAX_QUEUED = 1024;

	/** Most threads of the client's pool (the selector, parsing, the answers' follow-up work). */
	static final int MAX_THREADS = 8;

	private static final int MIN_THREADS = 2;

	private static final int THREAD_IDLE_TIMEOUT_MILLIS = 30_000;

	private final HttpClient client;

	private JettyTransport(HttpClient client) {
		this.client = client;
	}

	/**
	 * Creates and starts a client.
	 * @param upstream the upstream's name, for the threads' names
	 * @param connectTimeout the connect timeout
	 * @return the started transport
	 */
	static JettyTransport start(String upstream, Duration connectTimeout) {
		String name = "tglogin-" + upstream + "-http";
		QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, THREAD_IDLE_TIMEOUT_MILLIS);
		threads.setName(name);
		threads.setDaemon(true);
		HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP();
		// no header-field cache per connection: Jetty's is a trie of about 100 KB on each connection's second
		// answer, 100 MB over a thousand connections to one upstream, to spare parsing a few short headers
		transport.setHeaderCacheSize(0);
		HttpClient client = new HttpClient(transport);
		client.setName(name);
		client.setExecutor(threads);
		client.setScheduler(new ScheduledExecutorScheduler(name + "-scheduler", true));
		client.setConnectTimeout(connectTimeout.toMillis());
		client.setFollowRedirects(false);
		client.setHttpCookieStore(new HttpCookieStore.Empty());
		client.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
		client.setMaxRequestsQueuedPerDestination(MAX_QUEUED);
		try {
			client.start();
			// after start, which installs them: no compression asked; a 401 or 407 is an answer like any other
			// (Jetty's authentication handlers fail one without a challenge header), redirects are never followed
			client.getContentDecoderFactories().clear();
			client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
			client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
			client.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot start the Jetty HTTP client for " + upstream, ex);
		}
		return new JettyTransport(client);
	}

	@Override
	public CompletableFuture<UpstreamResponse> send(URI uri, byte[] body, Map<String, String> headers,
			Duration readTimeout, int maxResponseBytes) {
		Request request = this.client.newRequest(uri)
			.method(HttpMethod.POST)
			.timeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.accept("application/json")
			.body(new BytesRequestContent("application/json", body));
		if (!headers.isEmpty()) {
			request.headers((fields) -> headers.forEach(fields::put));
		}
		Answer answer = new Answer(maxResponseBytes);
		request.send(answer);
		return answer.result;
	}

	/** The client (for tests). */
	HttpClient client() {
		return this.client;
	}

	@Override
	public void close() {
		try {
			this.client.stop();
		}
		catch (Exception ex) {
			// stopping is best effort: the threads are daemons
		}
	}

	/** Reads one answer into a bounded buffer and completes the future with it, on the thread that read it. */
	private static final class Answer implements Response.Listener {

		final CompletableFuture<UpstreamResponse> result = new CompletableFuture<>();

		private final int limit;

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private boolean tooLarge;

		Answer(int limit) {
			this.limit = limit;
		}

		@Override
		public void onContent(Response response, ByteBuffer content) {
			if (this.tooLarge) {
				return;
			}
			int length = content.remaining();
			if (this.body.size() + length > this.limit) {
				this.tooLarge = true;
				response.abort(new BoundedBodySubscriber.BodyTooLargeException(this.limit));
				return;
			}
			if (content.hasArray()) {
				this.body.write(content.array(), content.arrayOffset() + content.position(), length);
			}
			else {
				byte[] bytes = new byte[length];
				content.get(bytes);
				this.body.write(bytes, 0, length);
			}
		}

		@Override
		public void onComplete(Result outcome) {
			if (outcome.isFailed()) {
				this.result.completeExceptionally(jdkTerms(outcome.getFailure(), outcome.getResponse()));
				return;
			}
			try {
				Response response = outcome.getResponse();
				this.result.complete(new UpstreamResponse(response.getStatus(), headers(response),
						JsonCodec.parseObject(this.body.toByteArray(), -1)));
			}
			catch (RuntimeException ex) {
				// never left incomplete: Jetty would only log what a listener throws
				this.result.completeExceptionally(ex);
			}
		}

		private static HttpHeaders headers(Response response) {
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (HttpField field : response.getHeaders()) {
				headers.computeIfAbsent(field.getName(), (name) -> new ArrayList<>(1)).add(field.getValue());
			}
			return HttpHeaders.of(headers, (name, value) -> true);
		}

		/** The failure as the JDK client reports the same (see {@link UpstreamTransport}). */
		private static Throwable jdkTerms(Throwable failure, Response response) {
			if (failure instanceof SocketTimeoutException && response.getStatus() == 0) {
				// Jetty's connect timeout ("Connect Timeout")
				HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("connect timed out");
				timeout.initCause(failure);
				return timeout;
			}
			if (failure instanceof HttpResponseException) {
				// a response that is not HTTP
				return new ProtocolException("malformed response").initCause(failure);
			}
			if (failure instanceof RejectedExecutionException) {
				// more calls waiting for a connection than allowed
				return new IOException("too many calls waiting for a connection", failure);
			}
			return failure;
		}

	}

}
