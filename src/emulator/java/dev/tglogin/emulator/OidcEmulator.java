package dev.tglogin.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Emulates Telegram's OpenID provider ({@code oauth.telegram.org}): one client (id and secret), authorization
 * requests waiting for the user's Confirm or Cancel, single-use authorization codes bound to the client, the
 * redirect URI and the PKCE challenge, and ID tokens signed with a key made at start-up, of the algorithm the bot
 * chose ({@code RS256} by default, {@code ES256}, {@code EdDSA} or {@code ES256K}, the last with BouncyCastle on
 * the class path). Its own implementation, independent of the library's classes. Development and tests only.
 * <p>
 * {@link #nextIdTokenFault(IdTokenFault)} makes the next ID token wrong in one way, for attack tests. This class is
 * thread-safe.
 */
public final class OidcEmulator {

	/** The client id the emulator accepts by default (a bot id). */
	public static final String DEFAULT_CLIENT_ID = "1000000001";

	private static final Duration REQUEST_LIFETIME = Duration.ofMinutes(10);

	private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);

	private static final Duration ID_TOKEN_LIFETIME = Duration.ofMinutes(10);

	private final SecureRandom random = new SecureRandom();

	private final String clientId;

	private final String clientSecret;

	private final OidcSigningKey key;

	private final Clock clock;

	private final Map<String, AuthorizationRequest> requests = new ConcurrentHashMap<>();

	private final Map<String, IssuedCode> codes = new ConcurrentHashMap<>();

	private final AtomicReference<IdTokenFault> fault = new AtomicReference<>(IdTokenFault.NONE);

	private OidcEmulator(String clientId, String clientSecret, Clock clock, String algorithm) {
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.clock = clock;
		this.key = OidcSigningKey.generate(algorithm, "emulator-" + Tokens.randomUrlSafe(this.random, 6));
	}

	/**
	 * An emulator for the default client id with a random client secret.
	 * @return the emulator
	 */
	public static OidcEmulator create() {
		return create(DEFAULT_CLIENT_ID, Clock.systemUTC());
	}

	/**
	 * An emulator for the given client id with a random client secret.
	 * @param clientId the client id
	 * @param clock the clock of expiries and token times
	 * @return the emulator
	 */
	public static OidcEmulator create(String clientId, Clock clock) {
		return create(clientId, Tokens.randomUrlSafe(new SecureRandom(), 24), clock);
	}

	/**
	 * An emulator for the given client id and secret.
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 * @param clock the clock of expiries and token times
	 * @return the emulator
	 */
	public static OidcEmulator create(String clientId, String clientSecret, Clock clock) {
		return create(clientId, clientSecret, clock, "RS256");
	}

	/**
	 * An emulator for the given client id and secret whose ID tokens are signed with the given algorithm, as a bot
	 * can choose in BotFather.
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 * @param clock the clock of expiries and token times
	 * @param algorithm {@code RS256} (Telegram's default), {@code ES256}, {@code EdDSA} or {@code ES256K} (with
	 * BouncyCastle on the class path)
	 * @return the emulator
	 */
	public static OidcEmulator create(String clientId, String clientSecret, Clock clock, String algorithm) {
		Assert.hasText(clientId, "clientId cannot be empty");
		Assert.hasText(clientSecret, "clientSecret cannot be empty");
		Assert.notNull(clock, "clock cannot be null");
		Assert.isTrue(OidcSigningKey.ALGORITHMS.contains(algorithm),
				() -> "The emulator signs ID tokens with RS256, ES256, EdDSA or ES256K, not " + algorithm);
		return new OidcEmulator(clientId, clientSecret, clock, algorithm);
	}

	/**
	 * An emulator for the default client id, with a random client secret, signing with the given algorithm.
	 * @param algorithm {@code RS256}, {@code ES256}, {@code EdDSA} or {@code ES256K} (with BouncyCastle)
	 * @return the emulator
	 */
	public static OidcEmulator signingWith(String algorithm) {
		return create(DEFAULT_CLIENT_ID, Tokens.randomUrlSafe(new SecureRandom(), 24), Clock.systemUTC(), algorithm);
	}

	/** Returns the algorithm of the ID tokens. */
	public String algorithm() {
		return this.key.algorithm().getName();
	}

	/** Returns the client id. */
	public String clientId() {
		return this.clientId;
	}

	/** Returns the client secret (what BotFather would show); never log it. */
	public String clientSecret() {
		return this.clientSecret;
	}

	/** Returns the public key set, as {@code /.well-known/jwks.json} serves it. */
	public JWKSet publicKeys() {
		return new JWKSet(this.key.publicKey());
	}

	/**
	 * Makes the next ID token wrong in the given way (once).
	 * @param fault the fault
	 */
	public void nextIdTokenFault(IdTokenFault fault) {
		Assert.notNull(fault, "fault cannot be null");
		this.fault.set(fault);
	}

	/**
	 * Records an authorization request the user has yet to confirm or cancel.
	 * @return the request's id, shown in the authorize page's forms
	 * @throws EmulatorException 400 when the client, response type or PKCE challenge is wrong
	 */
	String authorize(String clientId, String redirectUri, String scope, @Nullable String state,
			@Nullable String nonce, String codeChallenge, String codeChallengeMethod) {
		if (!this.clientId.equals(clientId)) {
			throw new EmulatorException(400, "invalid_client", "Unknown client_id");
		}
		if (!"S256".equals(codeChallengeMethod) || codeChallenge.length() < 43 || codeChallenge.length() > 128) {
			throw new EmulatorException(400, "invalid_request", "PKCE with code_challenge_method=S256 is required");
		}
		if (!Set.of(scope.split(" ")).contains("openid")) {
			throw new EmulatorException(400, "invalid_scope", "The scope must include openid");
		}
		expire();
		String id = Tokens.randomUrlSafe(this.random, 24);
		this.requests.put(id, new AuthorizationRequest(redirectUri, scope, state, nonce, codeChallenge,
				this.clock.instant().plus(REQUEST_LIFETIME)));
		return id;
	}

	/** The pending authorization request with that id. */
	Optional<AuthorizationRequest> request(String id) {
		AuthorizationRequest request = this.requests.get(id);
		return (request != null && request.expiresAt().isAfter(this.clock.instant())) ? Optional.of(request)
				: Optional.empty();
	}

	/**
	 * The user confirmed: the request becomes a single-use code for the redirect.
	 * @return the request and its code
	 */
	Map.Entry<AuthorizationRequest, String> confirm(String requestId, EmulatedTelegramUser user) {
		AuthorizationRequest request = take(requestId);
		String code = Tokens.randomUrlSafe(this.random, 32);
		this.codes.put(code, new IssuedCode(request, user, this.clock.instant().plus(CODE_LIFETIME)));
		return Map.entry(request, code);
	}

	/** The user cancelled: the request is gone. */
	AuthorizationRequest cancel(String requestId) {
		return take(requestId);
	}

	private AuthorizationRequest take(String requestId) {
		AuthorizationRequest request = this.requests.remove(requestId);
		if (request == null || !request.expiresAt().isAfter(this.clock.instant())) {
			throw new EmulatorException(404, "NOT_FOUND", "Unknown or expired login request. Start a new login in the app.");
		}
		return request;
	}

	/**
	 * Exchanges a code for an ID token: the client must authenticate, and the redirect URI and the PKCE verifier must
	 * match the authorization request. The code is single-use, also when the exchange fails.
	 * @param issuer the issuer, as the token endpoint's URL shows it
	 * @return the signed ID token
	 * @throws EmulatorException 401 {@code invalid_client}, 400 {@code invalid_grant} or {@code invalid_request}
	 */
	String token(String issuer, @Nullable String clientId, @Nullable String clientSecret, @Nullable String code,
			@Nullable String redirectUri, @Nullable String codeVerifier) {
		if (!this.clientId.equals(clientId) || clientSecret == null || !MessageDigest.isEqual(
				this.clientSecret.getBytes(StandardCharsets.UTF_8), clientSecret.getBytes(StandardCharsets.UTF_8))) {
			throw new EmulatorException(401, "invalid_client", "Client authentication failed");
		}
		IssuedCode issued = (code != null) ? this.codes.remove(code) : null;
		if (issued == null || !issued.expiresAt().isAfter(this.clock.instant())) {
			throw new EmulatorException(400, "invalid_grant", "Unknown, used or expired code");
		}
		if (!issued.request().redirectUri().equals(redirectUri)) {
			throw new EmulatorException(400, "invalid_grant", "redirect_uri does not match the authorization request");
		}
		if (codeVerifier == null || !MessageDigest.isEqual(s256(codeVerifier).getBytes(StandardCharsets.US_ASCII),
				issued.request().codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
			throw new EmulatorException(400, "invalid_grant", "code_verifier does not match the code_challenge");
		}
		return idToken(issuer, issued, this.fault.getAndSet(IdTokenFault.NONE));
	}

	private String idToken(String issuer, IssuedCode issued, IdTokenFault fault) {
		Instant now = this.clock.instant();
		EmulatedTelegramUser user = issued.user();
		AuthorizationRequest request = issued.request();
		Instant issuedAt = (fault == IdTokenFault.EXPIRED) ? now.minus(ID_TOKEN_LIFETIME.multipliedBy(3)) : now;
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
			.issuer((fault == IdTokenFault.WRONG_ISSUER) ? "https://issuer.invalid" : issuer)
			.audience((fault == IdTokenFault.WRONG_AUDIENCE) ? "another-client" : this.clientId)
			.subject(user.id())
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(ID_TOKEN_LIFETIME)))
			.claim("auth_time", issuedAt.getEpochSecond())
			.claim("id", Long.parseLong(user.id()));
		if (request.nonce() != null && fault != IdTokenFault.NO_NONCE) {
			claims.claim("nonce", (fault == IdTokenFault.WRONG_NONCE) ? "another-nonce" : request.nonce());
		}
		Set<String> scopes = Set.of(request.scope().split(" "));
		if (scopes.contains("profile")) {
			claims.claim("name", user.name());
			claims.claim("picture", "https://t.me/i/userpic/320/" + user.id() + ".jpg");
			if (user.username() != null) {
				claims.claim("preferred_username", user.username());
			}
		}
		if (scopes.contains("phone") && user.phone() != null) {
			claims.claim("phone_number", user.phone());
		}
		return sign(claims.build(), fault);
	}

	private String sign(JWTClaimsSet claims, IdTokenFault fault) {
		try {
			return switch (fault) {
				case ALG_NONE -> new PlainJWT(claims).serialize();
				case HS256_WITH_PUBLIC_KEY -> signed(new JWSHeader.Builder(JWSAlgorithm.HS256)
					.keyID(this.key.publicKey().getKeyID())
					.type(JOSEObjectType.JWT)
					.build(), claims, new MACSigner(this.key.publicKeyBytes()));
				case WRONG_SIGNATURE -> signed(this.key.header(), claims,
						OidcSigningKey.generate(algorithm(), this.key.publicKey().getKeyID()).signer());
				default -> signed(this.key.header(), claims, this.key.signer());
			};
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the ID token", ex);
		}
	}

	private static String signed(JWSHeader header, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer)
			throws JOSEException {
		SignedJWT jwt = new SignedJWT(header, claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	private static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private void expire() {
		Instant now = this.clock.instant();
		this.requests.values().removeIf((request) -> !request.expiresAt().isAfter(now));
		this.codes.values().removeIf((code) -> !code.expiresAt().isAfter(now));
	}

	/** How the next ID token is wrong, for attack tests. */
	public enum IdTokenFault {

		/** A correct token. */
		NONE,
		/** Signed with another key of the same algorithm under the same key id. */
		WRONG_SIGNATURE,
		/** {@code aud} names another client. */
		WRONG_AUDIENCE,
		/** {@code iss} is another issuer. */
		WRONG_ISSUER,
		/** {@code alg: HS256}, keyed with the emulator's public key (the classic algorithm confusion). */
		HS256_WITH_PUBLIC_KEY,
		/** {@code alg: none}, unsigned. */
		ALG_NONE,
		/** No {@code nonce} claim. */
		NO_NONCE,
		/** A {@code nonce} other than the request's. */
		WRONG_NONCE,
		/** Issued and expired half an hour ago. */
		EXPIRED

	}

	/** An authorization request of the app, waiting for the user. */
	record AuthorizationRequest(String redirectUri, String scope, @Nullable String state, @Nullable String nonce,
			String codeChallenge, Instant expiresAt) {
	}

	private record IssuedCode(AuthorizationRequest request, EmulatedTelegramUser user, Instant expiresAt) {
	}

}
