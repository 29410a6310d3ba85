package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Verifies Bondify proof JWTs with the project's shared secret.
 * <p>
 * What it checks, in order: the size (at most {@link #setMaxProofLength(int) 8 KiB}); that the token is a compact JWS of
 * strict base64url parts; that it is a signed JWS
 * (an unsecured {@code alg: none} token is refused while parsing); the algorithm, pinned to HS256, so HS384/HS512 or
 * RS256 tokens are refused whatever their key, with no critical header and no {@code typ} but {@code JWT}; the
 * signature (see {@code Hs256Jws} for how, and why not through nimbus' generic JWT processor); that {@code exp} and
 * {@code iat} are present, numeric, {@code exp} not past and {@code iat} not in the future, and {@code nbf}, when
 * present, numeric and not in the future (each with {@link #setClockSkew(Duration) 30 s} of skew); that {@code project_id} equals ours; that {@code session_token}
 * equals the pending one (when one is expected); and that the identity claims are strings. Identity comes from these
 * claims only.
 * <p>
 * Which secret signs proofs is disputed upstream (the project's {@code whsec_...} webhook secret in Bondify's newer
 * SDKs, {@code sk_live_...} in older docs); configure whichever your project's proofs verify with.
 * <p>
 * This class is thread-safe.
 */
public final class BondifyProofVerifier {

	/** The shortest HS256 secret accepted: 32 bytes (256 bits). */
	public static final int MIN_SECRET_BYTES = 32;

	private static final List<String> REQUIRED = List.of("exp", "iat", BondifyProtocol.PROJECT_ID,
			BondifyProtocol.SESSION_TOKEN, BondifyProtocol.TELEGRAM_ID, BondifyProtocol.TELEGRAM_NAME);

	private static final String NOT_BEFORE = "nbf";

	private final String projectId;

	private final Hs256Jws jws;

	private Clock clock = Clock.systemUTC();

	private Duration clockSkew = Duration.ofSeconds(30);

	private int maxProofLength = 8 * 1024;

	/**
	 * Creates a verifier.
	 * @param projectId our Bondify project id; proofs for other projects are refused
	 * @param secret the shared HS256 secret, at least {@value #MIN_SECRET_BYTES} bytes
	 * @throws IllegalArgumentException when the secret is too short
	 */
	public BondifyProofVerifier(String projectId, byte[] secret) {
		Assert.hasText(projectId, "projectId cannot be empty");
		Assert.notNull(secret, "secret cannot be null");
		if (secret.length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException("Bondify secret must be at least " + MIN_SECRET_BYTES
					+ " bytes (256 bits) for HS256, but it has " + secret.length
					+ " (tglogin.bondify.secret); use the project's secret exactly as Bondify shows it");
		}
		this.projectId = projectId;
		this.jws = new Hs256Jws(Arrays.copyOf(secret, secret.length));
	}

	/**
	 * Creates a verifier from a UTF-8 secret string.
	 * @param projectId our project id
	 * @param secret the secret as Bondify shows it
	 */
	public BondifyProofVerifier(String projectId, String secret) {
		this(projectId, secret.getBytes(StandardCharsets.UTF_8));
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/** Sets the allowed clock skew for {@code exp} and {@code iat}. Defaults to 30 seconds; at most 5 minutes. */
	public void setClockSkew(Duration clockSkew) {
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0,
				"clockSkew must be between 0 and 5 minutes");
		this.clockSkew = clockSkew;
	}

	/** Sets the longest proof accepted, in characters. Defaults to 8192. */
	public void setMaxProofLength(int maxProofLength) {
		Assert.isTrue(maxProofLength > 0, "maxProofLength must be positive");
		this.maxProofLength = maxProofLength;
	}

	/**
	 * Returns the clock skew: a proof is accepted until its {@code exp} plus this, so whatever makes it single-use
	 * must remember it at least that long.
	 */
	public Duration getClockSkew() {
		return this.clockSkew;
	}

	/** Returns our project id. */
	public String getProjectId() {
		return this.projectId;
	}

	/**
	 * Verifies a proof.
	 * @param proof the compact JWS
	 * @param expectedSessionToken the session token the proof must be for, or {@code null} to accept any session
	 * (the caller then enforces single use)
	 * @return the verified claims
	 * @throws InvalidProofException (or a subclass) when the proof is refused
	 */
	public VerifiedProof verify(String proof, @Nullable String expectedSessionToken) {
		if (proof == null || proof.isEmpty()) {
			throw new InvalidProofException("missing", "Proof is missing");
		}
		if (proof.length() > this.maxProofLength) {
			throw new InvalidProofException("too_large", "Proof is too large");
		}
		return checkClaims(this.jws.verify(proof), expectedSessionToken);
	}

	private VerifiedProof checkClaims(Map<String, Object> map, @Nullable String expectedSessionToken) {
		for (String name : REQUIRED) {
			if (map.get(name) == null) {
				throw new InvalidProofException("missing_claim", "Proof lacks the " + name + " claim");
			}
		}
		Instant now = this.clock.instant();
		Instant expiresAt = time(map, "exp");
		Instant issuedAt = time(map, "iat");
		if (!now.isBefore(expiresAt.plus(this.clockSkew))) {
			throw new ExpiredProofException("Proof has expired");
		}
		if (issuedAt.isAfter(now.plus(this.clockSkew))) {
			throw new InvalidProofException("issued_in_future", "Proof is issued in the future");
		}
		if (!issuedAt.isBefore(expiresAt)) {
			throw new InvalidProofException("bad_times", "Proof expires before it is issued");
		}
		if (map.get(NOT_BEFORE) != null && time(map, NOT_BEFORE).isAfter(now.plus(this.clockSkew))) {
			throw new InvalidProofException("not_yet_valid", "Proof is not valid yet");
		}
		if (!(map.get(BondifyProtocol.PROJECT_ID) instanceof String project) || !this.projectId.equals(project)) {
			throw new WrongProjectProofException();
		}
		String sessionToken = stringClaim(map, BondifyProtocol.SESSION_TOKEN, true);
		if (expectedSessionToken != null && !constantTimeEquals(expectedSessionToken, sessionToken)) {
			throw new InvalidProofException("wrong_session", "Proof was issued for another login session");
		}
		String telegramId = idClaim(map.get(BondifyProtocol.TELEGRAM_ID));
		String name = stringClaim(map, BondifyProtocol.TELEGRAM_NAME, true);
		String username = stringClaim(map, BondifyProtocol.TELEGRAM_USERNAME, false);
		String phone = stringClaim(map, BondifyProtocol.TELEGRAM_PHONE, false);
		return new VerifiedProof(telegramId, name, username, phone, sessionToken, issuedAt, expiresAt);
	}

	/** A NumericDate claim: seconds since the epoch, a fraction dropped (as nimbus reads them). */
	private static Instant time(Map<String, Object> map, String name) {
		if (map.get(name) instanceof Number seconds) {
			try {
				return Instant.ofEpochSecond(seconds.longValue());
			}
			catch (DateTimeException ex) {
				// beyond the years Instant can hold
			}
		}
		throw new InvalidProofException("bad_claim", "Proof claim " + name + " is not a number");
	}

	private static String idClaim(@Nullable Object value) {
		String id = TelegramIds.read(value);
		if (id == null) {
			throw new InvalidProofException("bad_claim", "Proof claim telegram_id is not a Telegram id");
		}
		return id;
	}

	private static @Nullable String stringClaim(Map<String, Object> map, String name, boolean required) {
		Object value = map.get(name);
		if (value == null && !required) {
			return null;
		}
		if (!(value instanceof String s) || (required && s.isBlank()) || s.length() > 1024) {
			throw new InvalidProofException("bad_claim", "Proof claim " + name + " is not a string");
		}
		return s;
	}

	private static boolean constantTimeEquals(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "BondifyProofVerifier[projectId=" + this.projectId + ", algorithm=HS256, secret=[PROTECTED]]";
	}

}
