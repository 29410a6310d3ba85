package dev.tglogin.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link UpstreamTransport} over the JDK {@link HttpClient}: the request, a bounded body, the answer as an
 * {@link UpstreamResponse}.
 * <p>
 * The answer is made and completed by the body's subscriber, on the thread that delivers the body: a thread of the
 * HTTP client's executor. {@code sendAsync}'s own future completes through CompletableFuture's default executor
 * instead, which on Java 17 (not on Java 25, where it is a pool) starts a new thread per task when the common pool has
 * parallelism 1 (2 CPUs): the follow-up work of an answer (parsing, the caller's stages) never runs there; that future
 * only reports failures.
 * A plain {@code http} URI is sent as HTTP/1.1 (no {@code h2c} upgrade attempt on every new connection); over TLS
 * the client's version applies (HTTP/2 where the upstream offers it).
 */
final class JdkTransport implements UpstreamTransport {

	private final HttpClient client;

	JdkTransport(HttpClient client) {
		this.client = client;
	}

	/**
	 * Sends the request.
	 * @return the answer; it fails with the transport's failure as it is (not translated), or a
	 * {@link java.util.concurrent.TimeoutException} after {@code readTimeout}, which also cancels the exchange
	 */
	@Override
	public CompletableFuture<UpstreamResponse> send(URI uri, byte[] body, Map<String, String> headers,
			Duration readTimeout, int maxResponseBytes) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(readTimeout)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if ("http".equalsIgnoreCase(uri.getScheme())) {
			request.version(HttpClient.Version.HTTP_1_1);
		}
		headers.forEach(request::header);
		CompletableFuture<UpstreamResponse> answer = new CompletableFuture<>();
		CompletableFuture<HttpResponse<byte[]>> exchange = this.client.sendAsync(request.build(), (info) -> {
			BoundedBodySubscriber subscriber = new BoundedBodySubscriber(maxResponseBytes);
			subscriber.getBody().whenComplete((bytes, failure) -> {
				if (failure != null) {
					answer.completeExceptionally(failure);
				}
				else {
					answer.complete(new UpstreamResponse(info.statusCode(), info.headers(), JsonCodec.parseObject(bytes, -1)));
				}
			});
			return subscriber;
		});
		exchange.whenComplete((response, failure) -> {
			if (failure != null) {
				answer.completeExceptionally(failure);
			}
		});
		answer.orTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((response, failure) -> {
			if (failure != null) {
				exchange.cancel(true);
			}
		});
		return answer;
	}

	/** Nothing to release: the JDK client (which may be the application's) ends its threads when unused. */
	@Override
	public void close() {
	}

}
