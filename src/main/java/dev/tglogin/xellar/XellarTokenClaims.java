package dev.tglogin.xellar;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import org.jspecify.annotations.Nullable;

/**
 * Reads claims of Xellar's tokens <b>without verifying them</b>: Xellar publishes no key, and its API is the
 * authority on every token. The library uses these claims only as hints: the stable user id ({@code uid}) for the
 * principal's name, and the wallet token's {@code exp} to refresh before it lapses. Never base an access decision on
 * them.
 */
public final class XellarTokenClaims {

	private XellarTokenClaims() {
	}

	/**
	 * Returns the {@code uid} claim, or {@code null} when the token is not a JWT or has none.
	 * @param token a Xellar token
	 * @return the user id hint
	 */
	public static @Nullable String uid(@Nullable String token) {
		JWTClaimsSet claims = claims(token);
		if (claims == null) {
			return null;
		}
		Object uid = claims.getClaim(XellarProtocol.CLAIM_UID);
		return (uid instanceof String s && !s.isBlank() && s.length() <= 128) ? s : null;
	}

	/**
	 * Returns the {@code exp} claim, or {@code null} when the token is not a JWT or has none.
	 * @param token a Xellar token
	 * @return the expiry hint
	 */
	public static @Nullable Instant expiresAt(@Nullable String token) {
		JWTClaimsSet claims = claims(token);
		Date exp = (claims != null) ? claims.getExpirationTime() : null;
		return (exp != null) ? exp.toInstant() : null;
	}

	private static @Nullable JWTClaimsSet claims(@Nullable String token) {
		if (token == null || token.length() > 16 * 1024) {
			return null;
		}
		try {
			return JWTParser.parse(token).getJWTClaimsSet();
		}
		catch (ParseException | RuntimeException ex) {
			return null;
		}
	}

}
