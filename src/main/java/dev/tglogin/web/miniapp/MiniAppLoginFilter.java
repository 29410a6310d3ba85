package dev.tglogin.web.miniapp;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;

import dev.tglogin.miniapp.MiniAppAuthenticationToken;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.InvalidRequestException;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.TelegramAuthenticationDetailsSource;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramLoginEndpoint;
import dev.tglogin.web.TelegramLoginFailureHandler;
import dev.tglogin.web.TelegramLoginSuccessHandler;

/**
 * {@code POST /login/telegram/miniapp} with {@code {"initData": "<Telegram.WebApp.initData>"}}: exchanges the init
 * data a Telegram Mini App received for a session of this browser.
 * <p>
 * The provider ({@code MiniAppAuthenticationProvider}) verifies the init data and lets each one be exchanged once, for
 * as long as it would be accepted. Completion is {@link AbstractAuthenticationProcessingFilter}'s (session id change,
 * context saved, events, remember-me, success/failure handlers); the answer is the one of the other login endpoints,
 * {@code {"status": "confirmed", "redirectUrl": "...", "user": {...}}}, or 401 {@code invalid_init_data}. Like every
 * POST of the contract it goes through {@code CsrfFilter}: the Mini App's page reads the token from its meta tags.
 */
public final class MiniAppLoginFilter extends AbstractAuthenticationProcessingFilter implements TelegramLoginEndpoint {

	private static final Log logger = LogFactory.getLog(MiniAppLoginFilter.class);

	/** The default path. */
	public static final String DEFAULT_MINI_APP_URL = "/login/telegram/miniapp";

	/** The name of the JSON field carrying the init data. */
	public static final String INIT_DATA = "initData";

	/**
	 * Creates the filter.
	 * @param path e.g. {@code /login/telegram/miniapp}
	 * @param authenticationManager the manager holding a {@code MiniAppAuthenticationProvider}
	 */
	public MiniAppLoginFilter(String path, AuthenticationManager authenticationManager) {
		super(EndpointMatcher.of(HttpMethod.POST, path), authenticationManager);
		setAuthenticationSuccessHandler(new TelegramLoginSuccessHandler("/"));
		setAuthenticationFailureHandler(new TelegramLoginFailureHandler());
		setAuthenticationDetailsSource(new TelegramAuthenticationDetailsSource());
	}

	/** Whether the request is this filter's: its {@code requiresAuthenticationRequestMatcher} matches it. */
	@Override
	public boolean matches(HttpServletRequest request, HttpServletResponse response) {
		return requiresAuthentication(request, response);
	}

	@Override
	public @Nullable Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException, IOException {
		String initData;
		try {
			initData = JsonRequests.requiredString(
					JsonRequests.readObject(request, JsonRequests.DEFAULT_MAX_BODY_BYTES), INIT_DATA,
					JsonRequests.DEFAULT_MAX_BODY_BYTES);
		}
		catch (InvalidRequestException ex) {
			// an AuthenticationException: the failure handler answers 400 invalid_request in the request's language
			throw ex;
		}
		MiniAppAuthenticationToken token = MiniAppAuthenticationToken.sessionExchange(initData);
		token.setDetails(this.authenticationDetailsSource.buildDetails(request));
		try {
			Authentication result = getAuthenticationManager().authenticate(token);
			logger.info("Telegram login succeeded (flow=mini_app, via=exchange, init data "
					+ StoreKeys.logRef(initData) + ")");
			return result;
		}
		catch (AuthenticationException ex) {
			logger.info("Telegram login failed (flow=mini_app, via=exchange, init data " + StoreKeys.logRef(initData)
					+ ", reason=" + TelegramLoginError.reason(ex) + ")");
			throw ex;
		}
	}

}
