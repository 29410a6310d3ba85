package dev.tglogin.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How {@link UpstreamHttpClient} sends one JSON {@code POST} and reads its answer: over the JDK {@code HttpClient}
 * ({@link JdkTransport}) or Jetty's ({@link JettyTransport}).
 * <p>
 * The answer fails with the transport's failure in the JDK's terms, which {@link UpstreamFailures} translates: a
 * {@link java.net.ConnectException} or {@link java.net.http.HttpConnectTimeoutException} when no connection could be
 * made, a {@link java.util.concurrent.TimeoutException} or {@link java.net.http.HttpTimeoutException} when the whole
 * answer did not come within the read timeout, a {@link BoundedBodySubscriber.BodyTooLargeException} for a body over
 * the limit, another {@link java.io.IOException} when the connection failed. Answers complete on a thread of the
 * transport's executor, never on a thread started for them.
 */
interface UpstreamTransport {

	/**
	 * Sends the request.
	 * @param uri the absolute URI
	 * @param body the JSON body's bytes
	 * @param headers extra request headers
	 * @param readTimeout the deadline of the whole answer, body included
	 * @param maxResponseBytes the largest body read
	 * @return the answer
	 */
	CompletableFuture<UpstreamResponse> send(URI uri, byte[] body, Map<String, String> headers, Duration readTimeout,
			int maxResponseBytes);

	/** Releases what the transport started (threads, connections); calls made afterwards fail. */
	void close();

}
