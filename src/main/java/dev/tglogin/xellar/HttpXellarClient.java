package dev.tglogin.xellar;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.http.UpstreamResponse;

/**
 * {@link XellarClient} over Xellar's HTTP API ({@link XellarProtocol}), with the {@code x-client-secret} header and
 * the {@code {status, message, data}} envelope.
 * <p>
 * API {@code v1} and {@code v2} are both read: v1 answers a single {@code address} and no refresh token. The OTP
 * request's answer may name its token {@code verificationToken} or {@code verifyToken}; both are accepted.
 * An error inside a 2xx (the envelope's {@code status} at 400 or above) is handled as that status. Errors
 * keep Xellar's {@code message} for logs, sanitised (shortened, control characters replaced, numbers of five or more
 * digits masked, since the message may echo the phone number), never a token or the secret.
 * <p>
 * <b>Verify answers.</b> A 4xx other than 429 is decided from its status and its text ({@link XellarRefusal}):
 * only an answer that says the verification is gone (expired, used, unknown; or 410) is an
 * {@link ExpiredVerificationException} that asks for a new code; one that names our client secret is an
 * {@link UpstreamUnavailableException} (Xellar judged nothing, the attempt is given back); any other, a wrong code or
 * an answer that does not say, is a {@link WrongOtpException} (failing closed, with a warning when the text was not
 * understood). A 2xx without usable tokens is an {@link UpstreamException}. Only 429
 * ({@link dev.tglogin.core.UpstreamRateLimitedException}), 503, a refused credential and transport failures
 * ({@link UpstreamUnavailableException}), other 5xx ({@link dev.tglogin.core.UpstreamServerErrorException}) and
 * timeouts mean Xellar did not judge the code. The envelope is read by {@link XellarEnvelope}, Xellar's messages
 * made safe by {@link XellarMessages}.
 * <p>
 * This class is thread-safe.
 */
public final class HttpXellarClient implements XellarClient {

	private static final Log logger = LogFactory.getLog(HttpXellarClient.class);

	static final String UPSTREAM = XellarEnvelope.UPSTREAM;

	private final UpstreamHttpClient http;

	private final Map<String, String> secretHeader;

	private final String base;

	private volatile URI loginUri;

	private volatile PhoneNumberFormat phoneNumberFormat = PhoneNumberFormat.DIGITS;

	private final URI verifyUri;

	private final URI createUri;

	private final URI refreshUri;

	private final String apiVersion;

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates a client.
	 * @param http the upstream HTTP client
	 * @param baseUrl Xellar's base URL, e.g. {@link XellarProtocol#DEFAULT_BASE_URL}
	 * @param apiVersion {@code v1} or {@code v2}
	 * @param clientSecret the client secret from the Xellar dashboard
	 */
	public HttpXellarClient(UpstreamHttpClient http, String baseUrl, String apiVersion, String clientSecret) {
		Assert.notNull(http, "http cannot be null");
		Assert.hasText(baseUrl, "baseUrl cannot be empty");
		Assert.isTrue("v1".equals(apiVersion) || "v2".equals(apiVersion), "apiVersion must be v1 or v2");
		Assert.hasText(clientSecret, "clientSecret cannot be empty");
		this.http = http;
		String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.base = base;
		this.loginUri = URI.create(base + XellarProtocol.path(XellarProtocol.LOGIN_TELEGRAM_PATH, apiVersion));
		this.verifyUri = URI.create(base + XellarProtocol.path(XellarProtocol.VERIFY_TELEGRAM_PATH, apiVersion));
		this.createUri = URI.create(base + XellarProtocol.path(XellarProtocol.ACCOUNT_CREATE_PATH, apiVersion));
		this.refreshUri = URI.create(base + XellarProtocol.WALLET_REFRESH_PATH);
		this.apiVersion = apiVersion;
		this.secretHeader = Map.of(XellarProtocol.CLIENT_SECRET_HEADER, clientSecret);
	}

	/**
	 * Sets the path of the call that sends the OTP, {@code {version}} standing for the API version. Xellar does not
	 * document it: the default, {@value XellarProtocol#SEND_OTP_PATH_TEMPLATE}, is inferred from its WhatsApp twin,
	 * so an operator can correct it without a release.
	 * @param pathTemplate e.g. {@code /api/{version}/auth/login-telegram}
	 */
	public void setSendOtpPath(String pathTemplate) {
		Assert.isTrue(pathTemplate != null && pathTemplate.startsWith("/") && !pathTemplate.contains("?"),
				"sendOtpPath must be a path starting with '/'");
		this.loginUri = URI.create(this.base + pathTemplate.replace("{version}", this.apiVersion));
	}

	/**
	 * Sets how the phone number is written when the OTP is sent. Defaults to {@link PhoneNumberFormat#DIGITS}, what
	 * Xellar's own UI kit sends.
	 * @param phoneNumberFormat the format
	 */
	public void setPhoneNumberFormat(PhoneNumberFormat phoneNumberFormat) {
		Assert.notNull(phoneNumberFormat, "phoneNumberFormat cannot be null");
		this.phoneNumberFormat = phoneNumberFormat;
	}

	/** Sets the clock used to read HTTP-date Retry-After values. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public XellarOtpChallenge sendOtp(String phoneNumber) {
		Assert.hasText(phoneNumber, "phoneNumber cannot be empty");
		String wire = (this.phoneNumberFormat == PhoneNumberFormat.DIGITS && phoneNumber.startsWith("+"))
				? phoneNumber.substring(1) : phoneNumber;
		Map<String, Object> data = XellarEnvelope.data(
				call("send", this.loginUri, Map.of(XellarProtocol.PHONE_NUMBER, wire), this.secretHeader, "login"),
				"login");
		String token = XellarAnswers.string(data, XellarProtocol.VERIFICATION_TOKEN);
		if (token == null) {
			token = XellarAnswers.string(data, XellarProtocol.VERIFY_TOKEN);
		}
		if (token == null) {
			throw new UpstreamException(UPSTREAM, "login answer lacks a verification token");
		}
		return new XellarOtpChallenge(token, Boolean.TRUE.equals(data.get(XellarProtocol.IS_WALLET_CREATED)));
	}

	@Override
	public XellarWalletCredentials verifyOtp(String verificationToken, String otp) {
		Assert.hasText(verificationToken, "verificationToken cannot be empty");
		Assert.hasText(otp, "otp cannot be empty");
		UpstreamResponse response = call("verify", this.verifyUri,
				Map.of(XellarProtocol.VERIFICATION_TOKEN, verificationToken, XellarProtocol.OTP, otp), this.secretHeader,
				"verify-telegram");
		int status = response.status();
		if (status >= 400 && status < 500) {
			refuse(status, response);
		}
		// an answer without usable tokens is an upstream error, but Xellar may have judged the code: it counts too
		Map<String, Object> data = XellarEnvelope.data(response, "verify-telegram");
		String walletToken = XellarAnswers.string(data, XellarProtocol.WALLET_TOKEN);
		if (walletToken != null) {
			return XellarWalletCredentials.wallet(walletToken, refreshToken(data), XellarAnswers.addresses(data));
		}
		String accessToken = XellarAnswers.string(data, XellarProtocol.ACCESS_TOKEN);
		if (accessToken != null) {
			return XellarWalletCredentials.noWallet(accessToken);
		}
		throw new UpstreamException(UPSTREAM, "verify-telegram answer has neither walletToken nor accessToken");
	}

	/**
	 * Throws what a refusal of verify-telegram means ({@link XellarRefusal}): Xellar judged the attempt (429 was
	 * handled by {@link #call}) unless it refused our credential.
	 */
	private static void refuse(int status, UpstreamResponse response) {
		XellarRefusal refusal = XellarRefusal.said(response.json());
		if (refusal == null) {
			refusal = XellarRefusal.of(status, null);
			logger.warn("Xellar refused verify-telegram with " + status + " (" + XellarMessages.of(response)
					+ "): counted as " + ((refusal == XellarRefusal.WRONG_CODE) ? "a wrong code" : "an expired verification")
					+ " (if every code is refused, check tglogin.xellar.client-secret)");
		}
		switch (refusal) {
			case CREDENTIAL -> {
				logger.warn("Xellar refused verify-telegram with " + status + " (" + XellarMessages.of(response)
						+ "): check tglogin.xellar.client-secret");
				throw new UpstreamUnavailableException(UPSTREAM,
						"verify-telegram refused the client credential (" + status + ")");
			}
			case VERIFICATION_GONE -> throw new ExpiredVerificationException();
			default -> throw new WrongOtpException();
		}
	}

	@Override
	public XellarWalletCreation createWallet(String accessToken) {
		return createWallet(accessToken, XellarWalletOptions.defaults());
	}

	@Override
	public XellarWalletCreation createWallet(String accessToken, XellarWalletOptions options) {
		Assert.hasText(accessToken, "accessToken cannot be empty");
		Assert.notNull(options, "options cannot be null");
		Map<String, String> headers = Map.of(XellarProtocol.CLIENT_SECRET_HEADER,
				this.secretHeader.get(XellarProtocol.CLIENT_SECRET_HEADER), XellarProtocol.AUTHORIZATION_HEADER,
				"Bearer " + accessToken);
		Map<String, Object> data = XellarEnvelope.data(
				call("create", this.createUri, options.toBody(), headers, "account/create"), "account/create");
		String walletToken = XellarAnswers.string(data, XellarProtocol.WALLET_TOKEN);
		if (walletToken == null) {
			throw new UpstreamException(UPSTREAM, "account/create answer lacks a walletToken");
		}
		XellarWalletCredentials credentials = XellarWalletCredentials.wallet(walletToken, refreshToken(data),
				XellarAnswers.addresses(data));
		return new XellarWalletCreation(credentials, XellarAnswers.string(data, XellarProtocol.SECRET0),
				XellarAnswers.string(data, XellarProtocol.SECRET0_LINK));
	}

	@Override
	public XellarWalletCredentials refresh(XellarWalletCredentials credentials) {
		Assert.notNull(credentials, "credentials cannot be null");
		Assert.state("v2".equals(this.apiVersion), "wallet refresh needs Xellar API v2");
		Assert.hasText(credentials.getRefreshToken(), "credentials have no refresh token");
		Map<String, Object> data = XellarEnvelope.data(call("refresh", this.refreshUri,
				Map.of(XellarProtocol.REFRESH_TOKEN, credentials.getRefreshToken()), this.secretHeader, "wallet/refresh"),
				"wallet/refresh");
		String walletToken = XellarAnswers.string(data, XellarProtocol.WALLET_TOKEN);
		String refreshToken = XellarAnswers.string(data, XellarProtocol.REFRESH_TOKEN);
		if (walletToken == null || refreshToken == null) {
			throw new UpstreamException(UPSTREAM, "wallet/refresh answer lacks walletToken or refreshToken");
		}
		return credentials.withTokens(walletToken, refreshToken);
	}

	private UpstreamResponse call(String operation, URI uri, Map<String, ?> body, Map<String, String> headers,
			String call) {
		return XellarEnvelope.check(this.http.postJson(operation, uri, body, headers), call, this.clock);
	}

	private @Nullable String refreshToken(Map<String, Object> data) {
		return "v2".equals(this.apiVersion) ? XellarAnswers.string(data, XellarProtocol.REFRESH_TOKEN) : null;
	}

	@Override
	public String toString() {
		return "HttpXellarClient[" + this.loginUri.getHost() + ", " + this.apiVersion + ", clientSecret=[PROTECTED]]";
	}

}
