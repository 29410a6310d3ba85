package dev.tglogin.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import org.springframework.util.Assert;

/**
 * Signs the HS256 proof JWT of a confirmed Bondify session with the project secret: the user's fields
 * ({@code telegram_username} even when {@code null}, {@code telegram_phone} only when shared), the project id, the
 * session token, {@code confirmed_at} in Unix milliseconds, and {@code iat}/{@code exp} a proof lifetime apart.
 * <p>
 * This class is thread-safe.
 */
final class BondifyProofSigner {

	private final MACSigner signer;

	private final String projectId;

	private final Duration lifetime;

	/**
	 * @param secret the HS256 secret, at least 32 bytes
	 * @param projectId the project id the proofs name
	 * @param lifetime {@code exp - iat}, whole seconds
	 * @throws IllegalArgumentException when the secret is not usable for HS256
	 */
	BondifyProofSigner(byte[] secret, String projectId, Duration lifetime) {
		Assert.hasText(projectId, "projectId cannot be empty");
		Assert.isTrue(lifetime != null && lifetime.getSeconds() >= 1, "lifetime must be at least 1 second");
		try {
			this.signer = new MACSigner(secret);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("secret is not usable for HS256", ex);
		}
		this.projectId = projectId;
		this.lifetime = lifetime;
	}

	/**
	 * @param sessionToken the confirmed session's token
	 * @param user the confirming user
	 * @param confirmedAt when the user confirmed
	 * @param now the issue time ({@code iat}, whole seconds)
	 * @return the compact proof JWT
	 */
	String sign(String sessionToken, EmulatedTelegramUser user, Instant confirmedAt, Instant now) {
		long issuedAt = now.getEpochSecond();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().serializeNullClaims(true)
			.claim(BondifyWire.TELEGRAM_ID, user.id())
			.claim(BondifyWire.TELEGRAM_NAME, user.name())
			.claim(BondifyWire.TELEGRAM_USERNAME, user.username());
		if (user.phone() != null) {
			claims.claim(BondifyWire.TELEGRAM_PHONE, user.phone());
		}
		claims.claim(BondifyWire.PROJECT_ID, this.projectId)
			.claim(BondifyWire.SESSION_TOKEN, sessionToken)
			.claim(BondifyWire.CONFIRMED_AT, confirmedAt.toEpochMilli())
			.issueTime(new Date(issuedAt * 1000))
			.expirationTime(new Date((issuedAt + this.lifetime.getSeconds()) * 1000));
		return Tokens.hs256(this.signer, claims.build());
	}

}
