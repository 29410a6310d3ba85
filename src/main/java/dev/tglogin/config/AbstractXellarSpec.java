package dev.tglogin.config;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.PhoneNumberFormat;
import dev.tglogin.xellar.XellarProtocol;

/**
 * The settings behind {@link TelegramLoginConfigurer.XellarSpec}: the DSL methods and what they set, read by
 * {@link XellarLoginConfigurer}. Generic in the spec's own type so that chained calls keep returning the public spec.
 *
 * @param <S> the public spec type
 */
abstract class AbstractXellarSpec<S extends AbstractXellarSpec<S>> {

	private @Nullable String clientSecret;

	private String baseUrl = XellarProtocol.DEFAULT_BASE_URL;

	private String apiVersion = XellarProtocol.DEFAULT_API_VERSION;

	private int maxOtpAttempts = 5;

	private String sendOtpPath = XellarProtocol.SEND_OTP_PATH_TEMPLATE;

	private PhoneNumberFormat phoneNumberFormat = PhoneNumberFormat.DIGITS;

	private @Nullable XellarClient client;

	AbstractXellarSpec() {
	}

	/**
	 * Sets the client secret from the Xellar dashboard (sent as {@code x-client-secret}; server-side only).
	 * @param clientSecret the secret
	 * @return this
	 */
	public S clientSecret(String clientSecret) {
		Assert.hasText(clientSecret, "clientSecret cannot be empty");
		this.clientSecret = clientSecret;
		return self();
	}

	/**
	 * Sets Xellar's base URL. Defaults to {@value XellarProtocol#DEFAULT_BASE_URL}.
	 * @param baseUrl the base URL
	 * @return this
	 */
	public S baseUrl(String baseUrl) {
		Assert.hasText(baseUrl, "baseUrl cannot be empty");
		this.baseUrl = baseUrl;
		return self();
	}

	/**
	 * Sets the API version, {@code v1} or {@code v2} (refresh tokens need v2). Defaults to {@code v2}.
	 * @param apiVersion the version
	 * @return this
	 */
	public S apiVersion(String apiVersion) {
		Assert.isTrue("v1".equals(apiVersion) || "v2".equals(apiVersion),
				"tglogin.xellar.api-version must be v1 or v2");
		this.apiVersion = apiVersion;
		return self();
	}

	/**
	 * Sets the path of the call that sends the OTP ({@code {version}} for the API version). Xellar does not document
	 * it; the default, {@value XellarProtocol#SEND_OTP_PATH_TEMPLATE}, is inferred from its WhatsApp twin.
	 * @param sendOtpPath the path template
	 * @return this
	 */
	public S sendOtpPath(String sendOtpPath) {
		Assert.isTrue(sendOtpPath != null && sendOtpPath.startsWith("/"), "sendOtpPath must start with '/'");
		this.sendOtpPath = sendOtpPath;
		return self();
	}

	/**
	 * Sets how the phone number is written when the OTP is sent. Defaults to {@link PhoneNumberFormat#DIGITS}, what
	 * Xellar's own UI kit sends.
	 * @param phoneNumberFormat the format
	 * @return this
	 */
	public S phoneNumberFormat(PhoneNumberFormat phoneNumberFormat) {
		Assert.notNull(phoneNumberFormat, "phoneNumberFormat cannot be null");
		this.phoneNumberFormat = phoneNumberFormat;
		return self();
	}

	/**
	 * Sets how many wrong codes one OTP allows before a new one is needed. Defaults to 5.
	 * @param maxOtpAttempts the limit
	 * @return this
	 */
	public S maxOtpAttempts(int maxOtpAttempts) {
		Assert.isTrue(maxOtpAttempts >= 1 && maxOtpAttempts <= 100,
				"tglogin.xellar.max-otp-attempts must be between 1 and 100");
		this.maxOtpAttempts = maxOtpAttempts;
		return self();
	}

	/**
	 * Uses the given client instead of one built from the settings (share it with a
	 * {@code XellarWalletService}).
	 * @param client the client
	 * @return this
	 */
	public S client(XellarClient client) {
		Assert.notNull(client, "client cannot be null");
		this.client = client;
		return self();
	}

	@Nullable String clientSecret() {
		return this.clientSecret;
	}

	String baseUrl() {
		return this.baseUrl;
	}

	String apiVersion() {
		return this.apiVersion;
	}

	int maxOtpAttempts() {
		return this.maxOtpAttempts;
	}

	@Nullable XellarClient client() {
		return this.client;
	}

	@SuppressWarnings("unchecked")
	private S self() {
		return (S) this;
	}

	String sendOtpPath() {
		return this.sendOtpPath;
	}

	PhoneNumberFormat phoneNumberFormat() {
		return this.phoneNumberFormat;
	}

}
