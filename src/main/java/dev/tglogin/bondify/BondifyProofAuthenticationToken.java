package dev.tglogin.bondify;

import java.io.Serial;
import java.util.Collections;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.util.Assert;

/**
 * An authentication request carrying an unverified Bondify proof, and the session token it must be for when the
 * login was started by this browser ({@code null} for proofs a client obtained itself, which are then single-use).
 * <p>
 * Never authenticated; {@link #toString()} shows neither the proof nor the session token.
 */
public final class BondifyProofAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private @Nullable String proof;

	private @Nullable String expectedSessionToken;

	private BondifyProofAuthenticationToken(String proof, @Nullable String expectedSessionToken) {
		super(Collections.emptyList());
		Assert.notNull(proof, "proof cannot be null");
		this.proof = proof;
		this.expectedSessionToken = expectedSessionToken;
		setAuthenticated(false);
	}

	/**
	 * Creates a request.
	 * @param proof the proof JWT
	 * @param expectedSessionToken the pending session token it must be for, or {@code null}
	 * @return the request token
	 */
	public static BondifyProofAuthenticationToken unauthenticated(String proof, @Nullable String expectedSessionToken) {
		return new BondifyProofAuthenticationToken(proof, expectedSessionToken);
	}

	/** Returns {@code null}: the principal is known only after verification. */
	@Override
	public @Nullable Object getPrincipal() {
		return null;
	}

	/** Returns the proof JWT. */
	@Override
	public @Nullable Object getCredentials() {
		return this.proof;
	}

	/** Returns the session token the proof must be for, or {@code null}. */
	public @Nullable String getExpectedSessionToken() {
		return this.expectedSessionToken;
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated, "A proof request cannot be authenticated");
		super.setAuthenticated(false);
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.proof = null;
		this.expectedSessionToken = null;
	}

	@Override
	public String getName() {
		return "bondify-proof";
	}

	@Override
	public String toString() {
		return "BondifyProofAuthenticationToken[proof=[PROTECTED], sessionBound=" + (this.expectedSessionToken != null)
				+ "]";
	}

}
