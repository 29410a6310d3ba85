package dev.tglogin.xellar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramMappingContext;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;

/**
 * Authenticates a {@link XellarOtpAuthenticationToken} by having Xellar verify the OTP, and returns a
 * {@link TelegramAuthenticationToken} whose credentials are the user's {@link XellarWalletCredentials}.
 * <p>
 * <b>Identity.</b> Xellar's answer does not name the Telegram account, and its tokens cannot be verified locally. The
 * user's stable id is therefore the Xellar user id ({@code uid}) read, as a hint, from the wallet or access token
 * Xellar has just returned over our authenticated server-to-server call; when a token carries none, it is a
 * pseudonym of the phone number the OTP was verified for ({@code phone-} and the first 32 hex digits of its SHA-256):
 * never the number itself, which would end up in session tables and logs as the principal's name. Either way the id
 * is stable per user: the same phone gets the same Xellar account. The phone number is kept in
 * {@link TelegramUser#getPhone()} and is the display name.
 * <p>
 * <b>Single use.</b> Once Xellar has accepted the code, the verification token is recorded as used in the
 * {@link TelegramLoginStore} <em>before</em> the {@link TelegramUserMapper} runs: a verification completes at most one
 * login, and a replay or a race (even against an upstream that would accept a token twice, or a logout that ended
 * the login meanwhile, see {@code TelegramLoginLogoutHandler}) never repeats the mapper's side effects. A token already
 * recorded is refused with an {@link ExpiredVerificationException}.
 * <p>
 * This class is thread-safe.
 */
public final class XellarAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(XellarAuthenticationProvider.class);

	/** Store namespace of used (or ended) verification tokens. */
	public static final String USED_VERIFICATION_NAMESPACE = "xellar-verification";

	/**
	 * How long a used verification token is recorded: longer than Xellar accepts one
	 * ({@link XellarProtocol#OTP_LIFETIME}, assumed) and than any pending login waits for its code.
	 */
	public static final Duration USED_VERIFICATION_LIFETIME = Duration.ofMinutes(30);

	/**
	 * Records a verification token as used (or ended), once for all instances sharing the store: by the provider when
	 * Xellar accepted its code, and at logout so that a code check still in flight completes nothing.
	 * @param store the store
	 * @param verificationToken the verification token
	 * @param now the current instant
	 * @return {@code true} the first time, {@code false} when it already was used or ended
	 */
	public static boolean useVerification(TelegramLoginStore store, String verificationToken, Instant now) {
		return store.useOnce(StoreKeys.key(USED_VERIFICATION_NAMESPACE, verificationToken),
				now.plus(USED_VERIFICATION_LIFETIME));
	}

	private final XellarClient client;

	private final TelegramLoginStore store;

	private TelegramUserMapper userMapper = TelegramUserMapper.withAuthorities("ROLE_USER");

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates a provider that records used verification tokens in memory (right for one instance; use
	 * {@link #XellarAuthenticationProvider(XellarClient, TelegramLoginStore)} with a shared store for several).
	 * @param client the Xellar client
	 */
	public XellarAuthenticationProvider(XellarClient client) {
		this(client, new InMemoryTelegramLoginStore());
	}

	/**
	 * Creates a provider.
	 * @param client the Xellar client
	 * @param store where used verification tokens are recorded
	 */
	public XellarAuthenticationProvider(XellarClient client, TelegramLoginStore store) {
		Assert.notNull(client, "client cannot be null");
		Assert.notNull(store, "store cannot be null");
		this.client = client;
		this.store = store;
	}

	/**
	 * Sets how verified users become principals. Defaults to the {@link TelegramUser} with {@code ROLE_USER}.
	 * @param userMapper the mapper
	 */
	public void setUserMapper(TelegramUserMapper userMapper) {
		Assert.notNull(userMapper, "userMapper cannot be null");
		this.userMapper = userMapper;
	}

	/** Sets the clock stamping the factor authority. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		XellarOtpAuthenticationToken request = (XellarOtpAuthenticationToken) authentication;
		String phoneNumber = (String) request.getPrincipal();
		String verificationToken = request.getVerificationToken();
		Assert.hasText(verificationToken, "the request's verification token was erased");
		XellarWalletCredentials credentials = this.client.verifyOtp(verificationToken,
				(String) request.getCredentials());
		// single use, before the app's mapper can have side effects
		if (!useVerification(this.store, verificationToken, this.clock.instant())) {
			logger.debug("Refused a second login for Xellar verification " + StoreKeys.logRef(verificationToken));
			throw new ExpiredVerificationException();
		}
		String uid = XellarTokenClaims.uid(credentials.isWalletCreated() ? credentials.getWalletToken()
				: credentials.getAccessToken());
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.XELLAR, (uid != null) ? uid : phoneId(phoneNumber))
			.displayName(phoneNumber)
			.phone(phoneNumber)
			.build();
		TelegramUserMapper.MappedUser mapped = this.userMapper.map(user,
				TelegramMappingContext.of(request.getDetails()));
		return TelegramAuthenticationToken.mapped(mapped, user, credentials, this.clock.instant(),
				request.getDetails());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return XellarOtpAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/** The principal name of a user whose tokens carry no Xellar user id: a pseudonym of the number, never the number. */
	static String phoneId(String phoneNumber) {
		String key = StoreKeys.key("xellar-user", phoneNumber);
		int hash = key.indexOf(':') + 1;
		return "phone-" + key.substring(hash, hash + 32);
	}

}
