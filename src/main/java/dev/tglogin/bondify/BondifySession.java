package dev.tglogin.bondify;

import java.time.Instant;

import org.springframework.util.Assert;

/**
 * A Bondify login session just created: its token, the deeplink that carries it, and when it expires.
 * <p>
 * The session token is as good as the login it will become (whoever polls first gets the proof), so
 * {@link #toString()} shows neither it nor the deeplink.
 *
 * @param sessionToken the opaque session token
 * @param deeplink the {@code t.me} link the user opens (contains the token)
 * @param expiresAt when Bondify forgets the session
 */
public record BondifySession(String sessionToken, String deeplink, Instant expiresAt) {

	public BondifySession {
		Assert.hasText(sessionToken, "sessionToken cannot be empty");
		Assert.hasText(deeplink, "deeplink cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
	}

	@Override
	public String toString() {
		return "BondifySession[sessionToken=[PROTECTED], deeplink=[PROTECTED], expiresAt=" + this.expiresAt + "]";
	}

}
