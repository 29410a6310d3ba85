package dev.tglogin.config;

import java.util.function.Supplier;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.context.SecurityContextImpl;

/**
 * A holder whose context is nobody's: what a login filter sets in it goes nowhere and what it clears was never the
 * request's. Given to the login filters of account linking, so that completing (or failing) a Telegram login there
 * neither replaces nor clears the signed-in user's context, even in an app that saves whatever the request's holder
 * holds at its end.
 */
final class DetachedSecurityContextHolderStrategy implements SecurityContextHolderStrategy {

	@Override
	public void clearContext() {
	}

	@Override
	public SecurityContext getContext() {
		return createEmptyContext();
	}

	@Override
	public Supplier<SecurityContext> getDeferredContext() {
		return this::createEmptyContext;
	}

	@Override
	public void setContext(SecurityContext context) {
	}

	@Override
	public void setDeferredContext(Supplier<SecurityContext> deferredContext) {
	}

	@Override
	public SecurityContext createEmptyContext() {
		return new SecurityContextImpl();
	}

}
