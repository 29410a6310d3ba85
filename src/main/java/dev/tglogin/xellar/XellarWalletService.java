package dev.tglogin.xellar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.store.StoreKeys;

/**
 * Gives the app wallet tokens for the current user and keeps the user's wallet state current.
 * <p>
 * Xellar wallet tokens are single-use and short-lived, and refresh tokens are single-use too. So
 * {@link #freshWalletToken} hands out each wallet token once, refreshes when the current one was handed out or is
 * about to expire (its {@code exp}, when it has one: no lifetime is assumed, Xellar's documents say one minute and
 * one day), and stores the rotated pair back in the user's {@code SecurityContext} (through the
 * {@link SecurityContextRepository}, so the HTTP session and Spring Session see it). Concurrent callers holding the
 * same refresh token share a single upstream refresh: the refresh token is never spent twice, and a caller that comes
 * late with an already-rotated token gets the rotation's result instead of a refusal. After a wallet operation, give
 * the pair it returned to {@link #update}.
 * <p>
 * This class is thread-safe. Refresh sharing is per JVM; with several instances, keep a user's requests on one
 * instance while they refresh, or rely on the shared session to carry the rotated pair.
 */
public final class XellarWalletService {

	private static final Log logger = LogFactory.getLog(XellarWalletService.class);

	private static final Duration REMEMBER_ROTATION = Duration.ofMinutes(5);

	private final XellarClient client;

	private final ConcurrentHashMap<String, Rotation> rotations = new ConcurrentHashMap<>();

	private SecurityContextRepository securityContextRepository = new HttpSessionSecurityContextRepository();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private Duration expiryMargin = Duration.ofSeconds(10);

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the service.
	 * @param client the Xellar client
	 */
	public XellarWalletService(XellarClient client) {
		Assert.notNull(client, "client cannot be null");
		this.client = client;
	}

	/** Sets where the updated security context is saved. Defaults to the HTTP session. */
	public void setSecurityContextRepository(SecurityContextRepository securityContextRepository) {
		Assert.notNull(securityContextRepository, "securityContextRepository cannot be null");
		this.securityContextRepository = securityContextRepository;
	}

	/** Sets the security context holder strategy. */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	/** Sets how long before its {@code exp} a wallet token is refreshed. Defaults to 10 seconds. */
	public void setExpiryMargin(Duration expiryMargin) {
		Assert.isTrue(expiryMargin != null && !expiryMargin.isNegative(), "expiryMargin cannot be negative");
		this.expiryMargin = expiryMargin;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Returns the current user's wallet credentials.
	 * @return the credentials
	 * @throws IllegalStateException when the current user did not log in with Xellar
	 */
	public XellarWalletCredentials currentCredentials() {
		return credentials(currentToken());
	}

	/**
	 * Returns a wallet token the app may use for one wallet operation, refreshing through Xellar when needed.
	 * @param request the current request
	 * @param response the current response
	 * @return a wallet token not handed out before
	 * @throws IllegalStateException when the current user has no Xellar wallet
	 * @throws dev.tglogin.core.UpstreamException when a needed refresh fails
	 */
	public String freshWalletToken(HttpServletRequest request, HttpServletResponse response) {
		TelegramAuthenticationToken token = currentToken();
		XellarWalletCredentials credentials = credentials(token);
		Assert.state(credentials.isWalletCreated(), "The user has no wallet yet; create one first");
		if (credentials.isWalletTokenHandedOut() || expiresSoon(credentials.getWalletToken())) {
			credentials = rotate(credentials);
		}
		save(token, credentials.withWalletTokenHandedOut(), request, response);
		return credentials.getWalletToken();
	}

	/**
	 * Stores the token pair a wallet operation returned, replacing the spent ones.
	 * @param walletToken the new wallet token
	 * @param refreshToken the new refresh token ({@code null} on API v1)
	 * @param request the current request
	 * @param response the current response
	 */
	public void update(String walletToken, @Nullable String refreshToken, HttpServletRequest request,
			HttpServletResponse response) {
		Assert.hasText(walletToken, "walletToken cannot be empty");
		TelegramAuthenticationToken token = currentToken();
		save(token, credentials(token).withTokens(walletToken, refreshToken), request, response);
	}

	/**
	 * Creates a wallet for the current user, who logged in with Xellar but has none yet, with Xellar's defaults (a
	 * custodial wallet: the app keeps {@code secret0}), and stores it with their login. The library never logs
	 * {@code secret0}.
	 * @param request the current request
	 * @param response the current response
	 * @return the creation result
	 * @throws IllegalStateException when the user already has a wallet
	 */
	public XellarWalletCreation createWallet(HttpServletRequest request, HttpServletResponse response) {
		return createWallet(request, response, XellarWalletOptions.defaults());
	}

	/**
	 * Creates a wallet for the current user, who logged in with Xellar but has none yet, with Xellar's options, and
	 * stores it with their login. With {@code isCustodian} {@code false}, {@code secret0} is the user's alone: hand
	 * it (or its link) to the user and keep no copy. The library never logs it.
	 * @param request the current request
	 * @param response the current response
	 * @param options {@code isCustodian}, {@code expireDate}, {@code rampable}
	 * @return the creation result
	 * @throws IllegalStateException when the user already has a wallet
	 */
	public XellarWalletCreation createWallet(HttpServletRequest request, HttpServletResponse response,
			XellarWalletOptions options) {
		Assert.notNull(options, "options cannot be null");
		TelegramAuthenticationToken token = currentToken();
		XellarWalletCredentials credentials = credentials(token);
		Assert.state(!credentials.isWalletCreated(), "The user already has a wallet");
		XellarWalletCreation creation = this.client.createWallet(credentials.getAccessToken(), options);
		save(token, creation.credentials(), request, response);
		logger.info("Xellar wallet created (user " + StoreKeys.logRef(token.getName()) + ")");
		return creation;
	}

	private XellarWalletCredentials rotate(XellarWalletCredentials credentials) {
		String refreshToken = credentials.getRefreshToken();
		Assert.state(refreshToken != null, "The wallet token was used and there is no refresh token (Xellar API v1)");
		Instant now = this.clock.instant();
		this.rotations.values().removeIf((rotation) -> rotation.startedAt.plus(REMEMBER_ROTATION).isBefore(now)
				&& rotation.result.isDone());
		String key = StoreKeys.key("xellar-refresh", refreshToken);
		Rotation mine = new Rotation(now, new CompletableFuture<>());
		Rotation existing = this.rotations.putIfAbsent(key, mine);
		if (existing == null) {
			try {
				mine.result.complete(this.client.refresh(credentials));
			}
			catch (RuntimeException ex) {
				this.rotations.remove(key, mine);
				mine.result.completeExceptionally(ex);
				throw ex;
			}
			return mine.result.join();
		}
		try {
			return existing.result.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	private boolean expiresSoon(String walletToken) {
		Instant expiresAt = XellarTokenClaims.expiresAt(walletToken);
		return expiresAt != null && !this.clock.instant().plus(this.expiryMargin).isBefore(expiresAt);
	}

	private void save(TelegramAuthenticationToken token, XellarWalletCredentials credentials,
			HttpServletRequest request, HttpServletResponse response) {
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(token.withCredentials(credentials));
		this.securityContextHolderStrategy.setContext(context);
		this.securityContextRepository.saveContext(context, request, response);
	}

	private TelegramAuthenticationToken currentToken() {
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (authentication instanceof TelegramAuthenticationToken token
				&& token.getCredentials() instanceof XellarWalletCredentials) {
			return token;
		}
		throw new IllegalStateException("The current user did not log in with Xellar");
	}

	private static XellarWalletCredentials credentials(TelegramAuthenticationToken token) {
		return (XellarWalletCredentials) token.getCredentials();
	}

	private record Rotation(Instant startedAt, CompletableFuture<XellarWalletCredentials> result) {
	}

}
