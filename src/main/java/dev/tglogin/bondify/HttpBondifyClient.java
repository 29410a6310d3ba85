package dev.tglogin.bondify;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.http.RetryAfter;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.http.UpstreamResponse;

/**
 * {@link BondifyClient} over Bondify's public HTTP API ({@link BondifyProtocol#GENERATE_PATH},
 * {@link BondifyProtocol#VERIFY_PATH}).
 * <p>
 * Parsing is tolerant where Bondify's own SDKs disagree: a {@code proof} present means confirmed whatever the
 * {@code status} says, {@code expires_at} is optional (now + 10 minutes when absent), unknown fields are ignored, and
 * a 404 for the session (Bondify no longer knows it) reads as expired. Everything else that is not a well-formed
 * answer becomes an {@link UpstreamException}; a 429 an {@link UpstreamRateLimitedException} with its Retry-After.
 * <p>
 * This class is thread-safe.
 */
public final class HttpBondifyClient implements BondifyClient {

	private static final Log logger = LogFactory.getLog(HttpBondifyClient.class);

	static final String UPSTREAM = "bondify";

	private static final Pattern ERROR_CODE = Pattern.compile("[A-Z_]{1,64}");

	private final UpstreamHttpClient http;

	private final URI generateUri;

	private final URI verifyUri;

	private final String projectId;

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates a client.
	 * @param http the upstream HTTP client (timeouts, bounded bodies)
	 * @param baseUrl Bondify's base URL, e.g. {@link BondifyProtocol#DEFAULT_BASE_URL}
	 * @param projectId the project id ({@code proj_...})
	 */
	public HttpBondifyClient(UpstreamHttpClient http, String baseUrl, String projectId) {
		Assert.notNull(http, "http cannot be null");
		Assert.hasText(baseUrl, "baseUrl cannot be empty");
		Assert.hasText(projectId, "projectId cannot be empty");
		this.http = http;
		String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.generateUri = URI.create(base + BondifyProtocol.GENERATE_PATH);
		this.verifyUri = URI.create(base + BondifyProtocol.VERIFY_PATH);
		this.projectId = projectId;
	}

	/**
	 * Creates a client with default timeouts.
	 * @param baseUrl Bondify's base URL
	 * @param projectId the project id
	 */
	public HttpBondifyClient(String baseUrl, String projectId) {
		this(new UpstreamHttpClient(UPSTREAM, UpstreamHttpClient.DEFAULT_CONNECT_TIMEOUT,
				UpstreamHttpClient.DEFAULT_READ_TIMEOUT), baseUrl, projectId);
	}

	/** Sets the clock used for the fallback expiry. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public BondifySession generate() {
		UpstreamResponse response = this.http.postJson("generate", this.generateUri,
				Map.of(BondifyProtocol.PROJECT_ID, this.projectId), Map.of());
		Map<String, Object> json = requireSuccess(response, "generate");
		String sessionToken = string(json, BondifyProtocol.SESSION_TOKEN);
		String deeplink = string(json, BondifyProtocol.DEEPLINK);
		if (sessionToken == null || sessionToken.isBlank() || deeplink == null || deeplink.isBlank()) {
			throw new UpstreamException(UPSTREAM, "generate answer lacks session_token or deeplink");
		}
		return new BondifySession(sessionToken, deeplink, expiresAt(json.get(BondifyProtocol.EXPIRES_AT)));
	}

	@Override
	public BondifyStatus status(String sessionToken) {
		Assert.hasText(sessionToken, "sessionToken cannot be empty");
		return status(this.http.postJson("status", this.verifyUri, verifyBody(sessionToken), Map.of()));
	}

	/** Sends the status call asynchronously (no thread waits for Bondify's answer). */
	@Override
	public CompletableFuture<BondifyStatus> statusAsync(String sessionToken) {
		Assert.hasText(sessionToken, "sessionToken cannot be empty");
		return this.http.postJsonAsync("status", this.verifyUri, verifyBody(sessionToken), Map.of())
			.thenApply(this::status);
	}

	private Map<String, String> verifyBody(String sessionToken) {
		return Map.of(BondifyProtocol.PROJECT_ID, this.projectId, BondifyProtocol.SESSION_TOKEN, sessionToken);
	}

	private BondifyStatus status(UpstreamResponse response) {
		if (!response.isSuccess()) {
			// Bondify's session codes are documented, their HTTP statuses are not: decided by the code
			String code = code(response);
			if (BondifyProtocol.CODE_SESSION_EXPIRED.equals(code)
					|| response.status() == 404 && BondifyProtocol.CODE_SESSION_NOT_FOUND.equals(code)) {
				return new BondifyStatus(BondifyStatus.State.EXPIRED, null);
			}
			if (BondifyProtocol.CODE_SESSION_CANCELLED.equals(code)) {
				return new BondifyStatus(BondifyStatus.State.CANCELLED, null);
			}
		}
		Map<String, Object> json = requireSuccess(response, "verify");
		Object proof = json.get(BondifyProtocol.PROOF);
		if (proof instanceof String p && !p.isBlank()) {
			return new BondifyStatus(BondifyStatus.State.CONFIRMED, p);
		}
		if (proof != null) {
			throw new UpstreamException(UPSTREAM, "verify answer has a proof that is blank or not a string");
		}
		Object status = json.get(BondifyProtocol.STATUS);
		if (!(status instanceof String s)) {
			throw new UpstreamException(UPSTREAM, "verify answer lacks a status");
		}
		return switch (s) {
			case BondifyProtocol.STATUS_PENDING -> BondifyStatus.PENDING;
			case BondifyProtocol.STATUS_CANCELLED -> new BondifyStatus(BondifyStatus.State.CANCELLED, null);
			case BondifyProtocol.STATUS_EXPIRED -> new BondifyStatus(BondifyStatus.State.EXPIRED, null);
			case BondifyProtocol.STATUS_USED -> new BondifyStatus(BondifyStatus.State.USED, null);
			case BondifyProtocol.STATUS_CONFIRMED ->
				throw new UpstreamException(UPSTREAM, "verify answer is confirmed but has no proof");
			default -> throw new UpstreamException(UPSTREAM, "verify answer has an unknown status");
		};
	}

	private Map<String, Object> requireSuccess(UpstreamResponse response, String call) {
		int status = response.status();
		if (status == 429) {
			throw new UpstreamRateLimitedException(UPSTREAM, RetryAfter.parse(response.headers(), this.clock));
		}
		if (status == 503) {
			throw new UpstreamUnavailableException(UPSTREAM, call + " answered 503");
		}
		if (!response.isSuccess()) {
			String code = code(response);
			if (BondifyProtocol.CODE_RATE_LIMITED.equals(code)) {
				throw new UpstreamRateLimitedException(UPSTREAM, RetryAfter.parse(response.headers(), this.clock));
			}
			String advice = advice(code, status);
			if (advice != null) {
				logger.warn("Bondify refused " + call + " with " + status + ((code != null) ? " " + code : "") + ": "
						+ advice);
			}
			throw new UpstreamException(UPSTREAM, call + " answered " + status + ((code != null) ? " " + code : ""));
		}
		if (response.json() == null) {
			throw new UpstreamException(UPSTREAM, call + " answer is not a JSON object");
		}
		return response.json();
	}

	/** What an operator should fix, for the refusals that are about the project's configuration. */
	private static @Nullable String advice(@Nullable String code, int status) {
		if (BondifyProtocol.CODE_PROJECT_NOT_FOUND.equals(code)) {
			return "Bondify does not know the project id; check tglogin.bondify.project-id";
		}
		if (BondifyProtocol.CODE_PUBLIC_ACCESS_DISABLED.equals(code)) {
			return "the project's public access is off; switch it on in Bondify's dashboard";
		}
		if (BondifyProtocol.CODE_PROJECT_INACTIVE.equals(code)) {
			return "the project is inactive; activate it in Bondify's dashboard";
		}
		if (status == 403 || status == 404) {
			return "check tglogin.bondify.project-id and that the project's public access is on";
		}
		return null;
	}

	/**
	 * The session's expiry from {@code expires_at} (Unix milliseconds in every SDK, absent from the docs' example),
	 * hedged: a value that reads as seconds is taken as seconds; one in the past, absent, not a number or more than a
	 * day ahead gives the documented ten-minute life, so an odd value never expires a login at once.
	 */
	private Instant expiresAt(@Nullable Object value) {
		Instant now = this.clock.instant();
		Instant fallback = now.plus(BondifyProtocol.SESSION_LIFETIME);
		if (!(value instanceof Number number) || number.longValue() <= 0) {
			return fallback;
		}
		long raw = number.longValue();
		// below 10^11, milliseconds would be before 1973: it is seconds
		Instant expiresAt = (raw < 100_000_000_000L) ? Instant.ofEpochSecond(raw) : Instant.ofEpochMilli(raw);
		if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(java.time.Duration.ofDays(1)))) {
			logger.warn("Bondify's expires_at is " + (expiresAt.isAfter(now) ? "more than a day ahead" : "in the past")
					+ "; the session is given Bondify's documented " + BondifyProtocol.SESSION_LIFETIME.toMinutes()
					+ " minutes instead");
			return fallback;
		}
		return expiresAt;
	}

	private static @Nullable String code(UpstreamResponse response) {
		if (response.json() == null) {
			return null;
		}
		Object code = response.json().get(BondifyProtocol.CODE);
		return (code instanceof String c && ERROR_CODE.matcher(c).matches()) ? c : null;
	}

	private static @Nullable String string(Map<String, Object> json, String field) {
		return (json.get(field) instanceof String s) ? s : null;
	}

	/** Returns a short description without any secret. */
	@Override
	public String toString() {
		return "HttpBondifyClient[" + this.generateUri.getHost() + "]";
	}

}
