package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import org.jspecify.annotations.Nullable;

/**
 * The claims checks of a Bondify proof, run by nimbus' {@code DefaultJWTProcessor} once the signature verified:
 * required claims present, {@code exp} not past, {@code iat} not in the future and before {@code exp}, {@code nbf}
 * (when present) not in the future, each with the clock skew; {@code project_id} ours; {@code session_token} the
 * expected one (from the {@link Expected} context, compared in constant time). Failures are
 * {@link InvalidProofException}s with a reason, thrown as they are through the processor.
 * <p>
 * This class is thread-safe.
 */
final class ProofClaimsVerifier implements JWTClaimsSetVerifier<ProofClaimsVerifier.Expected> {

	private static final List<String> REQUIRED = List.of("exp", "iat", BondifyProtocol.PROJECT_ID,
			BondifyProtocol.SESSION_TOKEN, BondifyProtocol.TELEGRAM_ID, BondifyProtocol.TELEGRAM_NAME);

	private final String projectId;

	private final Clock clock;

	private final Duration clockSkew;

	ProofClaimsVerifier(String projectId, Clock clock, Duration clockSkew) {
		this.projectId = projectId;
		this.clock = clock;
		this.clockSkew = clockSkew;
	}

	@Override
	public void verify(JWTClaimsSet claims, @Nullable Expected expected) {
		for (String name : REQUIRED) {
			if (claims.getClaim(name) == null) {
				throw new InvalidProofException("missing_claim", "Proof lacks the " + name + " claim");
			}
		}
		Instant now = this.clock.instant();
		Instant expiresAt = instant(claims.getExpirationTime());
		Instant issuedAt = instant(claims.getIssueTime());
		if (!now.isBefore(expiresAt.plus(this.clockSkew))) {
			throw new ExpiredProofException("Proof has expired");
		}
		if (issuedAt.isAfter(now.plus(this.clockSkew))) {
			throw new InvalidProofException("issued_in_future", "Proof is issued in the future");
		}
		if (!issuedAt.isBefore(expiresAt)) {
			throw new InvalidProofException("bad_times", "Proof expires before it is issued");
		}
		Date notBefore = claims.getNotBeforeTime();
		if (notBefore != null && instant(notBefore).isAfter(now.plus(this.clockSkew))) {
			throw new InvalidProofException("not_yet_valid", "Proof is not valid yet");
		}
		if (!(claims.getClaim(BondifyProtocol.PROJECT_ID) instanceof String project) || !this.projectId.equals(project)) {
			throw new WrongProjectProofException();
		}
		String sessionToken = stringClaim(claims, BondifyProtocol.SESSION_TOKEN);
		String expectedToken = (expected != null) ? expected.sessionToken() : null;
		if (expectedToken != null && !MessageDigest.isEqual(expectedToken.getBytes(StandardCharsets.UTF_8),
				sessionToken.getBytes(StandardCharsets.UTF_8))) {
			throw new InvalidProofException("wrong_session", "Proof was issued for another login session");
		}
	}

	/** A time claim nimbus has read; one beyond the years an {@code Instant} holds is refused. */
	private static Instant instant(Date date) {
		Instant instant = date.toInstant();
		if (instant.getEpochSecond() < 0) {
			// nimbus reads seconds as a long and multiplies by 1000: a huge value wraps around below the epoch
			throw new InvalidProofException("bad_claim", "Proof has a time claim out of range");
		}
		return instant;
	}

	static String stringClaim(JWTClaimsSet claims, String name) {
		if (!(claims.getClaim(name) instanceof String value) || value.isBlank() || value.length() > 1024) {
			throw new InvalidProofException("bad_claim", "Proof claim " + name + " is not a string");
		}
		return value;
	}

	/**
	 * What the proof being verified must be for: the session token of this browser's pending login, or
	 * {@code null} to accept any session (the caller then enforces single use).
	 */
	record Expected(@Nullable String sessionToken) implements SecurityContext {

		@Override
		public String toString() {
			return "Expected[sessionToken=[PROTECTED]]";
		}

	}

}
