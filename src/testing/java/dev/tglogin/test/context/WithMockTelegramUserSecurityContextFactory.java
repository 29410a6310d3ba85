package dev.tglogin.test.context;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithSecurityContextFactory;
import org.springframework.util.Assert;

/**
 * Makes the {@code SecurityContext} of {@link WithMockTelegramUser}, with {@link MockTelegramAuthentication}.
 * <p>
 * This class is thread-safe.
 */
public final class WithMockTelegramUserSecurityContextFactory
		implements WithSecurityContextFactory<WithMockTelegramUser> {

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	@Override
	public SecurityContext createSecurityContext(WithMockTelegramUser user) {
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(MockTelegramAuthentication.withId(user.id())
			.flow(user.flow())
			.name(user.name())
			.username(user.username())
			.phone(user.phone())
			.walletCreated(user.walletCreated())
			.authorities(user.authorities())
			.build());
		return context;
	}

	/**
	 * Sets the strategy that makes the empty context; Spring Security's test support sets the application's own
	 * strategy when it has one. Defaults to {@link SecurityContextHolder#getContextHolderStrategy()}.
	 * @param securityContextHolderStrategy the strategy
	 */
	@Autowired(required = false)
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

}
