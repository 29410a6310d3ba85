package dev.tglogin.web;

import java.io.Serial;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A Bondify login started by this browser: the Bondify session token (never shown to the browser except inside the
 * deeplink), its expiry, and the first proof Bondify handed out for it, kept so that a later {@code used} answer
 * cannot undo a confirmation.
 * <p>
 * Immutable and serializable; {@link #toString()} shows no token.
 */
public final class PendingBondifyLogin implements PendingLogin {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String sessionToken;

	private final Instant expiresAt;

	private final @Nullable String confirmedProof;

	public PendingBondifyLogin(String sessionToken, Instant expiresAt) {
		this(sessionToken, expiresAt, null);
	}

	private PendingBondifyLogin(String sessionToken, Instant expiresAt, @Nullable String confirmedProof) {
		Assert.hasText(sessionToken, "sessionToken cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		this.sessionToken = sessionToken;
		this.expiresAt = expiresAt;
		this.confirmedProof = confirmedProof;
	}

	/** Returns the Bondify session token. */
	public String getSessionToken() {
		return this.sessionToken;
	}

	@Override
	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	/** Returns the first proof Bondify gave for this session, or {@code null} while none came. */
	public @Nullable String getConfirmedProof() {
		return this.confirmedProof;
	}

	/**
	 * Returns a copy that keeps the given proof.
	 * @param proof the proof of the first confirmed answer
	 * @return the copy
	 */
	public PendingBondifyLogin withConfirmedProof(String proof) {
		return new PendingBondifyLogin(this.sessionToken, this.expiresAt, proof);
	}

	@Override
	public String toString() {
		return "PendingBondifyLogin[sessionToken=[PROTECTED], expiresAt=" + this.expiresAt + ", confirmed="
				+ (this.confirmedProof != null) + "]";
	}

}
