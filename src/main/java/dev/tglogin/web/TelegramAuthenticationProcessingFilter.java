package dev.tglogin.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.tglogin.core.TelegramAuthenticationToken;

/**
 * What the Telegram login filters share beyond {@link AbstractAuthenticationProcessingFilter}: multi-factor step-up.
 * <p>
 * With {@link #setMfaEnabled(boolean) multi-factor authentication on} (Spring Security 7's
 * {@code @EnableMultiFactorAuthentication} turns it on in every login filter), a Telegram login by the user who is
 * signed in already (same {@code Authentication#getName()}, e.g. a password login and a Telegram login linked to that
 * account) keeps the earlier login's authorities, {@code FACTOR_PASSWORD} among them, beside its own
 * {@code FACTOR_TELEGRAM}: one {@code Authentication} carrying both factors, the merge Spring Security 7 does for its
 * own login filters. A login as another user replaces the earlier one, as always. Spring Security 6.5 has no factors
 * and never turns it on.
 * <p>
 * Shared by the filters of the feature packages ({@code dev.tglogin.web.*}); not meant for applications.
 */
public abstract class TelegramAuthenticationProcessingFilter extends AbstractAuthenticationProcessingFilter
		implements TelegramLoginEndpoint {

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private boolean mfaEnabled;

	protected TelegramAuthenticationProcessingFilter(RequestMatcher matcher, AuthenticationManager authenticationManager) {
		super(matcher, authenticationManager);
	}

	/**
	 * Sets whether a login by the signed-in user adds its factor to that user's login instead of replacing it.
	 * Defaults to {@code false}; Spring Security 7's {@code @EnableMultiFactorAuthentication} sets it (this method
	 * overrides Spring Security 7's own, and the merge is this filter's, since the token has no Spring Security 7
	 * builder in a jar that also runs on 6.5).
	 * @param mfaEnabled whether to merge
	 */
	public void setMfaEnabled(boolean mfaEnabled) {
		this.mfaEnabled = mfaEnabled;
	}

	/**
	 * Whether the request is this filter's: its {@code requiresAuthenticationRequestMatcher} matches it
	 * ({@link #requiresAuthentication}).
	 */
	@Override
	public final boolean matches(HttpServletRequest request, HttpServletResponse response) {
		return requiresAuthentication(request, response);
	}

	@Override
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		super.setSecurityContextHolderStrategy(securityContextHolderStrategy);
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	protected void successfulAuthentication(HttpServletRequest request, HttpServletResponse response,
			FilterChain chain, Authentication authResult) throws IOException, ServletException {
		Authentication result = this.mfaEnabled
				? stepUp(this.securityContextHolderStrategy.getContext().getAuthentication(), authResult) : authResult;
		super.successfulAuthentication(request, response, chain, result);
	}

	/**
	 * The Telegram login with the authorities of the current login added, when both are the same user; the new
	 * login's own authorities (its fresh {@code FACTOR_TELEGRAM}) win over the current one's of the same name.
	 */
	static Authentication stepUp(@Nullable Authentication current, Authentication login) {
		if (!(login instanceof TelegramAuthenticationToken telegram) || !trustResolver.isAuthenticated(current)
				|| !current.getName().equals(login.getName())) {
			return login;
		}
		List<GrantedAuthority> authorities = new ArrayList<>(login.getAuthorities());
		Set<String> names = new HashSet<>();
		authorities.forEach((authority) -> names.add(authority.getAuthority()));
		for (GrantedAuthority authority : current.getAuthorities()) {
			if (names.add(authority.getAuthority())) {
				authorities.add(authority);
			}
		}
		return telegram.withAuthorities(authorities);
	}

}
