package dev.tglogin.miniapp;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramMappingContext;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;

/**
 * Authenticates a {@link MiniAppAuthenticationToken} by validating its init data
 * ({@link MiniAppInitDataValidator}), and returns a {@link TelegramAuthenticationToken} of flow
 * {@link TelegramLoginFlow#MINI_APP} whose {@link TelegramUser} has the Telegram id, names, username, language and
 * premium flag of the signed {@code user}, and the Telegram factor authority stamped with the {@code auth_date}.
 * <p>
 * <b>Single use of the session exchange.</b> Init data exchanged for a session is recorded as used in the
 * {@link TelegramLoginStore} (keyed on the hash of the signed content, for as long as the validator would accept it)
 * <em>before</em> the {@link TelegramUserMapper} runs: it completes one session exchange, and a replay is refused
 * with a {@link ReplayedInitDataException}. Init data that authenticates a single request ({@code tma} scheme) is
 * reusable until it expires, as Mini Apps send it with every call.
 * <p>
 * This class is thread-safe.
 */
public final class MiniAppAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(MiniAppAuthenticationProvider.class);

	/** Store namespace of init data exchanged for a session. */
	public static final String USED_INIT_DATA_NAMESPACE = "miniapp-init-data";

	private final MiniAppInitDataValidator validator;

	private final TelegramLoginStore store;

	private TelegramUserMapper userMapper = TelegramUserMapper.withAuthorities("ROLE_USER");

	/**
	 * Creates a provider.
	 * @param validator the init data validator
	 * @param store where exchanged init data is recorded
	 */
	public MiniAppAuthenticationProvider(MiniAppInitDataValidator validator, TelegramLoginStore store) {
		Assert.notNull(validator, "validator cannot be null");
		Assert.notNull(store, "store cannot be null");
		this.validator = validator;
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

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		MiniAppAuthenticationToken request = (MiniAppAuthenticationToken) authentication;
		String initData = (String) request.getCredentials();
		Assert.hasText(initData, "the request's init data was erased");
		MiniAppInitData data = this.validator.validate(initData);
		String usedKey = null;
		if (request.isSessionExchange()) {
			// consumed before the mapper runs, so a replay or a race never repeats the app's side effects
			usedKey = StoreKeys.key(USED_INIT_DATA_NAMESPACE, data.signedContent());
			if (!this.store.useOnce(usedKey, this.validator.acceptedUntil(data.authDate()))) {
				logger.debug("Refused a second session exchange of Mini App init data "
						+ StoreKeys.logRef(data.signedContent()));
				throw new ReplayedInitDataException();
			}
		}
		TelegramUser user = user(data);
		TelegramUserMapper.MappedUser mapped;
		try {
			mapped = this.userMapper.map(user, TelegramMappingContext.of(request.getDetails()));
		}
		catch (AuthenticationServiceException ex) {
			// transient (the mapper's database, say): the same init data may be exchanged again
			if (usedKey != null) {
				this.store.release(usedKey);
			}
			throw ex;
		}
		return TelegramAuthenticationToken.mapped(mapped, user, null, data.authDate(), request.getDetails());
	}

	private static TelegramUser user(MiniAppInitData data) {
		String name = (data.lastName() != null) ? data.firstName() + " " + data.lastName() : data.firstName();
		return TelegramUser.withId(TelegramLoginFlow.MINI_APP, Long.toString(data.userId()))
			.displayName(name)
			.username(data.username())
			.firstName(data.firstName())
			.lastName(data.lastName())
			.languageCode(data.languageCode())
			.premium(data.premium())
			.build();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return MiniAppAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
