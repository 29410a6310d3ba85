package dev.tglogin.web.miniapp;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.tglogin.miniapp.InvalidInitDataException;
import dev.tglogin.miniapp.MiniAppAuthenticationToken;
import dev.tglogin.web.TelegramAuthenticationDetailsSource;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramLoginFailureHandler;

/**
 * Authenticates requests that carry {@code Authorization: tma <initData>}, as Mini Apps send their init data with
 * every call: stateless, like a bearer token. The {@code Authentication} holds for this request only (it is kept in a
 * request attribute, never in the HTTP session), and the init data may be sent again until it expires.
 * <p>
 * Requests without the {@code tma} scheme pass untouched. Refused init data gets 401 {@code invalid_init_data}
 * (through the failure handler) with {@code WWW-Authenticate: tma}, and the request goes no further. Such requests
 * carry no cookie-borne credential, so {@code telegramLogin()} exempts them from CSRF protection
 * ({@link #TMA_REQUEST}), as Spring Security does for bearer tokens.
 */
public final class MiniAppAuthenticationFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(MiniAppAuthenticationFilter.class);

	/** The authorization scheme of Mini App init data. */
	public static final String SCHEME = "tma";

	/** Matches requests whose {@code Authorization} header uses the {@code tma} scheme. */
	public static final RequestMatcher TMA_REQUEST = (request) -> initData(request) != null;

	private final AuthenticationManager authenticationManager;

	private AuthenticationFailureHandler failureHandler = new TelegramLoginFailureHandler();

	private AuthenticationDetailsSource<HttpServletRequest, ?> detailsSource = new TelegramAuthenticationDetailsSource();

	private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	/**
	 * Creates the filter.
	 * @param authenticationManager the manager holding a {@code MiniAppAuthenticationProvider}
	 */
	public MiniAppAuthenticationFilter(AuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "authenticationManager cannot be null");
		this.authenticationManager = authenticationManager;
	}

	/** Sets the failure handler. Defaults to {@link TelegramLoginFailureHandler} (the JSON error contract). */
	public void setAuthenticationFailureHandler(AuthenticationFailureHandler failureHandler) {
		Assert.notNull(failureHandler, "failureHandler cannot be null");
		this.failureHandler = failureHandler;
	}

	/** Sets the source of the {@code Authentication} details. Defaults to {@link TelegramAuthenticationDetailsSource}. */
	public void setAuthenticationDetailsSource(AuthenticationDetailsSource<HttpServletRequest, ?> detailsSource) {
		Assert.notNull(detailsSource, "detailsSource cannot be null");
		this.detailsSource = detailsSource;
	}

	/**
	 * Sets where the request's security context is kept. Defaults to a request attribute only: never the HTTP
	 * session, so that the init data authenticates nothing beyond its request.
	 * @param securityContextRepository the repository
	 */
	public void setSecurityContextRepository(SecurityContextRepository securityContextRepository) {
		Assert.notNull(securityContextRepository, "securityContextRepository cannot be null");
		this.securityContextRepository = securityContextRepository;
	}

	/** Sets the security context holder strategy. Defaults to the global one. */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String initData = initData(request);
		if (initData == null) {
			chain.doFilter(request, response);
			return;
		}
		try {
			if (initData.isEmpty()) {
				throw new InvalidInitDataException("malformed", "The tma authorization has no init data");
			}
			MiniAppAuthenticationToken token = MiniAppAuthenticationToken.perRequest(initData);
			token.setDetails(this.detailsSource.buildDetails(request));
			Authentication result = this.authenticationManager.authenticate(token);
			SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
			context.setAuthentication(result);
			this.securityContextHolderStrategy.setContext(context);
			this.securityContextRepository.saveContext(context, request, response);
		}
		catch (AuthenticationException ex) {
			this.securityContextHolderStrategy.clearContext();
			logger.debug("Refused Mini App init data (reason=" + TelegramLoginError.reason(ex) + ")");
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, SCHEME);
			this.failureHandler.onAuthenticationFailure(request, response, ex);
			return;
		}
		chain.doFilter(request, response);
	}

	/** The init data of a {@code tma} authorization (possibly empty), else {@code null}. */
	private static @Nullable String initData(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.length() < SCHEME.length()
				|| !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return null;
		}
		if (header.length() == SCHEME.length()) {
			return "";
		}
		return (header.charAt(SCHEME.length()) == ' ') ? header.substring(SCHEME.length() + 1).trim() : null;
	}

}
