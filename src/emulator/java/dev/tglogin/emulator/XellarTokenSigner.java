package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;

import org.jspecify.annotations.Nullable;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Issues the Xellar emulator's tokens: HS256 JWTs signed with a random key of its own, with the claims
 * {@value XellarWire#CLAIM_UID}, {@code iat}, {@code exp} and a random {@code jti}; wallet tokens also carry
 * {@value XellarWire#CLAIM_IS_PERMISSION_GRANTED} and, while it is {@code false},
 * {@value XellarWire#CLAIM_ACCEPT_PERMISSION_PAGE}.
 * <p>
 * This class is thread-safe.
 */
final class XellarTokenSigner {

	private static final int KEY_BYTES = 32;

	private final SecureRandom random;

	private final MACSigner signer;

	/**
	 * @param random the source of the signing key and of every {@code jti}
	 */
	XellarTokenSigner(SecureRandom random) {
		this.random = random;
		try {
			this.signer = new MACSigner(Tokens.randomBytes(random, KEY_BYTES));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not make the token signing key", ex);
		}
	}

	/**
	 * @param uid the user's id
	 * @param issuedAt {@code iat}
	 * @param expiresAt {@code exp}
	 * @return a verification, access or refresh token
	 */
	String token(String uid, Instant issuedAt, Instant expiresAt) {
		return Tokens.hs256(this.signer, claims(uid, issuedAt, expiresAt).build());
	}

	/**
	 * @param uid the user's id
	 * @param permissionPage the accept-permission page while the user has not granted the app permission, else
	 * {@code null}
	 * @param issuedAt {@code iat}
	 * @param expiresAt {@code exp}
	 * @return a wallet token saying whether the permission is granted and, while not, the page that grants it
	 */
	String walletToken(String uid, @Nullable String permissionPage, Instant issuedAt, Instant expiresAt) {
		JWTClaimsSet.Builder claims = claims(uid, issuedAt, expiresAt)
			.claim(XellarWire.CLAIM_IS_PERMISSION_GRANTED, permissionPage == null);
		if (permissionPage != null) {
			claims.claim(XellarWire.CLAIM_ACCEPT_PERMISSION_PAGE, permissionPage);
		}
		return Tokens.hs256(this.signer, claims.build());
	}

	private JWTClaimsSet.Builder claims(String uid, Instant issuedAt, Instant expiresAt) {
		return new JWTClaimsSet.Builder().claim(XellarWire.CLAIM_UID, uid)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.jwtID(Tokens.randomUrlSafe(this.random, 16));
	}

}
