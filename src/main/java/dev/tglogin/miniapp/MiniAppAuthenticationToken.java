package dev.tglogin.miniapp;

import java.io.Serial;
import java.util.Collections;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.util.Assert;

/**
 * An authentication request: the init data a Mini App sent, and whether it is exchanged for a session (then it may
 * be used once) or authenticates a single request ({@code Authorization: tma <initData>}, reusable until it expires).
 * Never authenticated; {@link #toString()} does not show the init data.
 */
public final class MiniAppAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private @Nullable String initData;

	private final boolean sessionExchange;

	private MiniAppAuthenticationToken(String initData, boolean sessionExchange) {
		super(Collections.emptyList());
		Assert.hasText(initData, "initData cannot be empty");
		this.initData = initData;
		this.sessionExchange = sessionExchange;
		setAuthenticated(false);
	}

	/**
	 * Creates a request that exchanges init data for a session: the provider lets each init data do so once.
	 * @param initData the raw init data
	 * @return the request token
	 */
	public static MiniAppAuthenticationToken sessionExchange(String initData) {
		return new MiniAppAuthenticationToken(initData, true);
	}

	/**
	 * Creates a request authenticated by init data for itself only (the {@code tma} authorization scheme).
	 * @param initData the raw init data
	 * @return the request token
	 */
	public static MiniAppAuthenticationToken perRequest(String initData) {
		return new MiniAppAuthenticationToken(initData, false);
	}

	/** Returns the init data, {@code null} once erased. */
	@Override
	public @Nullable Object getCredentials() {
		return this.initData;
	}

	/** Returns {@code null}: the user is known only once the init data is verified. */
	@Override
	public @Nullable Object getPrincipal() {
		return null;
	}

	/** Returns whether the init data is exchanged for a session (single use). */
	public boolean isSessionExchange() {
		return this.sessionExchange;
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated, "A Mini App request cannot be authenticated");
		super.setAuthenticated(false);
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.initData = null;
	}

	@Override
	public String toString() {
		return "MiniAppAuthenticationToken[initData=[PROTECTED], sessionExchange=" + this.sessionExchange + "]";
	}

}
