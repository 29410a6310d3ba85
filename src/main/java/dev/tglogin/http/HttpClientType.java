package dev.tglogin.http;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Which HTTP client carries the calls to the upstreams ({@code tglogin.http.client}, or
 * {@code telegramLogin().httpClient(...)}).
 */
public enum HttpClientType {

	/**
	 * Jetty's client when Jetty 12's {@code jetty-client} is on the class path, else the JDK's: the default. The same
	 * preference as Spring Boot's own detection of the client behind {@code RestClient} and {@code RestTemplate}
	 * (Jetty's before the JDK's).
	 */
	AUTO,

	/** The JDK's {@code java.net.http.HttpClient}: nothing to add to the class path. */
	JDK,

	/**
	 * Jetty's HTTP client ({@code org.eclipse.jetty:jetty-client} 12, which the application adds): less CPU per
	 * call and no thread started per answer ({@link UpstreamHttpClient#jetty}).
	 */
	JETTY;

	/** A class of Jetty 12's client that Jetty 10 and 11 do not have (theirs is in {@code client.util}). */
	private static final String JETTY_12_CLIENT = "org.eclipse.jetty.client.BytesRequestContent";

	/**
	 * The client this type stands for: itself, or for {@link #AUTO} {@link #JETTY} when Jetty 12's client can be
	 * loaded and {@link #JDK} otherwise.
	 * @param classLoader where to look for Jetty's client ({@code null} for the default)
	 * @return {@link #JDK} or {@link #JETTY}
	 */
	public HttpClientType resolve(@Nullable ClassLoader classLoader) {
		if (this != AUTO) {
			return this;
		}
		return jettyPresent(classLoader) ? JETTY : JDK;
	}

	/**
	 * Whether Jetty 12's HTTP client can be loaded.
	 * @param classLoader where to look ({@code null} for the default)
	 * @return whether it is on the class path
	 */
	static boolean jettyPresent(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent(JETTY_12_CLIENT, classLoader);
	}

}
