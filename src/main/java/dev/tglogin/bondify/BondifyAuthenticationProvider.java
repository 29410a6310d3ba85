package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;

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
 * Authenticates a {@link BondifyProofAuthenticationToken} (or a {@link BondifyWebhookAuthenticationToken}, a
 * confirmation Bondify delivered by signed webhook): verifies the proof ({@link BondifyProofVerifier}), records the
 * proof's Bondify session as used (a session completes at most one login, whichever endpoint brings its proof; the
 * record lasts as long as the verifier would accept the proof), then maps the verified Telegram user
 * ({@link TelegramUserMapper}: a replay never reaches it; a transient failure of it gives the record back so the
 * same login can be retried), and returns a
 * {@link TelegramAuthenticationToken} with the mapped authorities and the Telegram factor authority.
 * <p>
 * This class is thread-safe.
 */
public final class BondifyAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(BondifyAuthenticationProvider.class);

	/** Store namespace of used Bondify sessions. */
	public static final String USED_SESSION_NAMESPACE = "bondify-session";

	private final BondifyProofVerifier verifier;

	private final TelegramLoginStore store;

	private TelegramUserMapper userMapper = TelegramUserMapper.withAuthorities("ROLE_USER");

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates a provider.
	 * @param verifier the proof verifier
	 * @param store where used sessions are recorded
	 */
	public BondifyAuthenticationProvider(BondifyProofVerifier verifier, TelegramLoginStore store) {
		Assert.notNull(verifier, "verifier cannot be null");
		Assert.notNull(store, "store cannot be null");
		this.verifier = verifier;
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

	/** Sets the clock (webhook confirmations). Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		if (authentication instanceof BondifyWebhookAuthenticationToken confirmation) {
			return authenticateWebhookConfirmation(confirmation);
		}
		BondifyProofAuthenticationToken request = (BondifyProofAuthenticationToken) authentication;
		String proof = (String) request.getCredentials();
		VerifiedProof verified = this.verifier.verify(proof, request.getExpectedSessionToken());
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, verified.telegramId())
			.displayName(verified.telegramName())
			.username(verified.telegramUsername())
			.phone(verified.telegramPhone())
			.build();
		// the verifier accepts the proof until exp plus its clock skew: the session stays used at least that long
		return login(user, verified.sessionToken(), verified.expiresAt().plus(this.verifier.getClockSkew()),
				verified.issuedAt(), request.getDetails());
	}

	/**
	 * A confirmation Bondify signed as a webhook (its HMAC was checked on arrival): identity from the event, for the
	 * session this browser holds only; the session then counts as used for its whole life.
	 */
	private Authentication authenticateWebhookConfirmation(BondifyWebhookAuthenticationToken request) {
		BondifyWebhookEvent event = request.getEvent();
		if (!MessageDigest.isEqual(event.sessionToken().getBytes(StandardCharsets.UTF_8),
				request.getExpectedSessionToken().getBytes(StandardCharsets.UTF_8))) {
			throw new InvalidProofException("wrong_session", "Confirmation was for another login session");
		}
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, event.telegramId())
			.displayName(event.telegramName())
			.username(event.telegramUsername())
			.phone(event.telegramPhone())
			.build();
		Instant now = this.clock.instant();
		return login(user, event.sessionToken(), now.plus(BondifyProtocol.SESSION_LIFETIME), now,
				request.getDetails());
	}

	private Authentication login(TelegramUser user, String sessionToken, Instant usedUntil, Instant factorIssuedAt,
			Object details) {
		// consumed before the mapper runs, so a replay or a race never repeats the app's side effects
		String usedKey = StoreKeys.key(USED_SESSION_NAMESPACE, sessionToken);
		if (!this.store.useOnce(usedKey, usedUntil)) {
			logger.debug("Refused a second login for Bondify session " + StoreKeys.logRef(sessionToken));
			throw new ReplayedProofException();
		}
		TelegramUserMapper.MappedUser mapped;
		try {
			mapped = this.userMapper.map(user, TelegramMappingContext.of(details));
		}
		catch (AuthenticationServiceException ex) {
			// transient (the mapper's database, say): the same login may be tried again with the same proof
			this.store.release(usedKey);
			throw ex;
		}
		return TelegramAuthenticationToken.mapped(mapped, user, null, factorIssuedAt, details);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BondifyProofAuthenticationToken.class.isAssignableFrom(authentication)
				|| BondifyWebhookAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
