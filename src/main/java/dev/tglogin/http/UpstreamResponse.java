package dev.tglogin.http;

import java.net.http.HttpHeaders;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An upstream's answer: the HTTP status, its headers and the body parsed as a JSON object ({@code null} when the
 * body was empty or not a JSON object).
 *
 * @param status the HTTP status code
 * @param headers the response headers
 * @param json the parsed body, or {@code null}
 */
public record UpstreamResponse(int status, HttpHeaders headers, @Nullable Map<String, Object> json) {

	/** Whether the status is 2xx. */
	public boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

}
