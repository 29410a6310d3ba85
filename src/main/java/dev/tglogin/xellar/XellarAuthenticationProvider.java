package dev.tglogin.xellar;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramFactor;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.TelegramUserMapper;

/**
 * Authenticates a {@link XellarOtpAuthenticationToken} by having Xellar verify the OTP, and returns a
 * {@link TelegramAuthenticationToken} whose credentials are the user's {@link XellarWalletCredentials}.
 * <p>
 * <b>Identity.</b> Xellar's answer does not name the Telegram account, and its tokens cannot be verified locally. The
 * user's stable id is therefore the Xellar user id ({@code uid}) read, as a hint, from the wallet or access token
 * Xellar has just returned over our authenticated server-to-server call; when a token carries none, it is the phone
 * number the OTP was verified for (E.164). Either way the id is stable per user: the same phone gets the same Xellar
 * account. The phone number is always kept in {@link TelegramUser#getPhone()}.
 * <p>
 * This class is thread-safe.
 */
public final class XellarAuthenticationProvider implements AuthenticationProvider {

	private final XellarClient client;

	private TelegramUserMapper userMapper = TelegramUserMapper.withAuthorities("ROLE_USER");

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates a provider.
	 * @param client the Xellar client
	 */
	public XellarAuthenticationProvider(XellarClient client) {
		Assert.notNull(client, "client cannot be null");
		this.client = client;
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
		XellarWalletCredentials credentials = this.client.verifyOtp(request.getVerificationToken(),
				(String) request.getCredentials());
		String uid = XellarTokenClaims.uid(credentials.isWalletCreated() ? credentials.getWalletToken()
				: credentials.getAccessToken());
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.XELLAR, (uid != null) ? uid : phoneNumber)
			.displayName(phoneNumber)
			.phone(phoneNumber)
			.build();
		TelegramUserMapper.MappedUser mapped = this.userMapper.map(user);
		if (mapped == null) {
			throw new InternalAuthenticationServiceException("TelegramUserMapper returned null");
		}
		List<GrantedAuthority> authorities = new ArrayList<>(mapped.authorities());
		TelegramFactor.authority(this.clock.instant()).ifPresent(authorities::add);
		TelegramAuthenticationToken result = TelegramAuthenticationToken.authenticated(mapped.principal(), user,
				credentials, authorities);
		result.setDetails(request.getDetails());
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return XellarOtpAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
