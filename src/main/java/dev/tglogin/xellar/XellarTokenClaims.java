package dev.tglogin.xellar;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import org.jspecify.annotations.Nullable;

/**
 * Reads claims of Xellar's tokens <b>without verifying them</b>: Xellar publishes no key, and its API is the
 * authority on every token. The library uses these claims only as hints: the stable user id ({@code uid}) for the
 * principal's name, the wallet token's {@code exp} to refresh before it lapses, and its permission state (v2) for
 * the app's UI. Never base an access decision on them.
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

	/**
	 * Returns the {@code isPermissionGranted} claim (API v2), or {@code null} when the token is not a JWT or does not
	 * say.
	 * @param token a wallet token
	 * @return the permission hint
	 */
	public static @Nullable Boolean permissionGranted(@Nullable String token) {
		JWTClaimsSet claims = claims(token);
		return (claims != null && claims.getClaim(XellarProtocol.CLAIM_IS_PERMISSION_GRANTED) instanceof Boolean granted)
				? granted : null;
	}

	/**
	 * Returns the {@code acceptPermissionPage} claim (API v2) when it is an absolute {@code https} (or {@code http})
	 * URL, else {@code null}.
	 * @param token a wallet token
	 * @return the page's URL
	 */
	public static @Nullable String acceptPermissionPage(@Nullable String token) {
		JWTClaimsSet claims = claims(token);
		return (claims != null) ? webUrl(claims.getClaim(XellarProtocol.CLAIM_ACCEPT_PERMISSION_PAGE)) : null;
	}

	/**
	 * Returns the value when it is an absolute {@code https} or {@code http} URL of at most 2048 characters.
	 * @param value a claim or field
	 * @return the URL, or {@code null}
	 */
	static @Nullable String webUrl(@Nullable Object value) {
		if (!(value instanceof String url) || url.length() > 2048) {
			return null;
		}
		try {
			URI uri = new URI(url);
			return (uri.getHost() != null && ("https".equalsIgnoreCase(uri.getScheme())
					|| "http".equalsIgnoreCase(uri.getScheme()))) ? url : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
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
