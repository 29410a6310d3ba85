package dev.tglogin.bondify;

import java.io.Serial;
import java.util.Collections;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.util.Assert;

/**
 * An authentication request carrying a confirmation that Bondify delivered by signed webhook, and the session token
 * this browser's pending login holds. Never authenticated; {@link #toString()} shows no token.
 */
public final class BondifyWebhookAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient BondifyWebhookEvent event;

	private final String expectedSessionToken;

	private BondifyWebhookAuthenticationToken(BondifyWebhookEvent event, String expectedSessionToken) {
		super(Collections.emptyList());
		Assert.isTrue(event != null && event.confirmed(), "event must be a confirmation");
		Assert.hasText(expectedSessionToken, "expectedSessionToken cannot be empty");
		this.event = event;
		this.expectedSessionToken = expectedSessionToken;
		super.setAuthenticated(false);
	}

	/**
	 * Creates a request.
	 * @param event the verified {@code auth.confirmed} event
	 * @param expectedSessionToken the session token of this browser's pending login
	 * @return the request token
	 */
	public static BondifyWebhookAuthenticationToken unauthenticated(BondifyWebhookEvent event,
			String expectedSessionToken) {
		return new BondifyWebhookAuthenticationToken(event, expectedSessionToken);
	}

	/** Returns the confirmation event. */
	public BondifyWebhookEvent getEvent() {
		return this.event;
	}

	/** Returns the session token the event must be for. */
	public String getExpectedSessionToken() {
		return this.expectedSessionToken;
	}

	@Override
	public Object getPrincipal() {
		return this.event.telegramId();
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated, "A webhook confirmation request cannot be authenticated");
		super.setAuthenticated(false);
	}

	@Override
	public String toString() {
		return "BondifyWebhookAuthenticationToken[telegramId=" + this.event.telegramId() + ", sessionToken=[PROTECTED]]";
	}

}
