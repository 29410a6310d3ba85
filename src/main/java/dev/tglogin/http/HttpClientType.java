package dev.tglogin.http;

/**
 * Which HTTP client carries the calls to the upstreams ({@code tglogin.http.client}, or
 * {@code telegramLogin().httpClient(...)}).
 */
public enum HttpClientType {

	/** The JDK's {@code java.net.http.HttpClient}: nothing to add to the class path. */
	JDK,

	/**
	 * Jetty's HTTP client ({@code org.eclipse.jetty:jetty-client} 12, which the application adds): less CPU per
	 * call and no thread started per answer ({@link UpstreamHttpClient#jetty}).
	 */
	JETTY

}
