package dev.tglogin.bench;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The driver's HTTP client for many simulated browsers: one async Jetty {@link HttpClient} with no shared cookie store
 * (each {@link SimBrowser} sends its own {@code Cookie} header), no redirects, and limits far above the load (20,000
 * connections, 200,000 queued requests), so the client is not what limits a run.
 */
final class LoadClient implements AutoCloseable {

	/** Per-request deadline, the browser client's ({@code REQUEST_TIMEOUT_MS} in tglogin.js); later is an error. */
	static final long TIMEOUT_SECONDS = 20;

	private final HttpClient client;

	LoadClient() throws Exception {
		QueuedThreadPool executor = new QueuedThreadPool(64, 4);
		executor.setName("load-client");
		executor.setDaemon(true);
		this.client = new HttpClient();
		this.client.setExecutor(executor);
		this.client.setHttpCookieStore(new HttpCookieStore.Empty());
		this.client.setFollowRedirects(false);
		this.client.setMaxConnectionsPerDestination(20_000);
		this.client.setMaxRequestsQueuedPerDestination(200_000);
		this.client.setConnectTimeout(10_000);
		this.client.setIdleTimeout(120_000);
		this.client.start();
	}

	/** An answer: HTTP status (0 when the exchange failed), body, {@code Set-Cookie} values and the failure. */
	record Answer(int status, String body, List<String> setCookies, Throwable failure) {

		boolean failed() {
			return this.failure != null;
		}

	}

	CompletableFuture<Answer> get(URI uri, SimBrowser browser, String accept) {
		Request request = this.client.newRequest(uri).method(HttpMethod.GET);
		request.headers((h) -> {
			h.put("Accept", accept);
			if (browser != null && browser.cookie != null) {
				h.put("Cookie", browser.cookie);
			}
		});
		return send(request);
	}

	/** POSTs JSON with the browser's cookie and CSRF header, as the JS client does. */
	CompletableFuture<Answer> postJson(URI uri, SimBrowser browser, String json) {
		return postJson(uri, browser, json, TIMEOUT_SECONDS * 1000);
	}

	/** The same with the given client deadline (a long-poll: its wait + {@link #TIMEOUT_SECONDS}, as tglogin.js). */
	CompletableFuture<Answer> postJson(URI uri, SimBrowser browser, String json, long timeoutMs) {
		Request request = this.client.newRequest(uri).method(HttpMethod.POST);
		request.headers((h) -> {
			h.put("Accept", "application/json");
			if (browser.cookie != null) {
				h.put("Cookie", browser.cookie);
			}
			if (browser.csrfToken != null) {
				h.put(browser.csrfHeader, browser.csrfToken);
			}
		});
		request.body(new StringRequestContent("application/json", json));
		return send(request, timeoutMs);
	}

	CompletableFuture<Answer> postForm(URI uri, String form) {
		Request request = this.client.newRequest(uri).method(HttpMethod.POST);
		request.body(new StringRequestContent("application/x-www-form-urlencoded", form));
		return send(request);
	}

	/** POSTs a raw body with extra headers (a signed webhook). */
	CompletableFuture<Answer> post(URI uri, String contentType, byte[] body, java.util.Map<String, String> headers) {
		Request request = this.client.newRequest(uri).method(HttpMethod.POST);
		request.headers((h) -> headers.forEach(h::put));
		request.body(new org.eclipse.jetty.client.BytesRequestContent(contentType, body));
		return send(request);
	}

	private static CompletableFuture<Answer> send(Request request) {
		return send(request, TIMEOUT_SECONDS * 1000);
	}

	private static CompletableFuture<Answer> send(Request request, long timeoutMs) {
		CompletableFuture<Answer> future = new CompletableFuture<>();
		request.timeout(timeoutMs, TimeUnit.MILLISECONDS).send(new BufferingResponseListener(4 * 1024 * 1024) {
			@Override
			public void onComplete(Result result) {
				if (result.isFailed()) {
					future.complete(new Answer(0, null, List.of(), result.getFailure()));
				}
				else {
					future.complete(new Answer(result.getResponse().getStatus(), getContentAsString(),
							result.getResponse().getHeaders().getValuesList("Set-Cookie"), null));
				}
			}
		});
		return future;
	}

	@Override
	public void close() throws Exception {
		this.client.stop();
	}

}
