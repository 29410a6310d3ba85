package dev.tglogin.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;

/**
 * How a pending login ended, kept by {@link PendingLoginLock} for the requests of the same browser that waited for it
 * meanwhile: they answer through the same handlers instead of completing the login a second time.
 * <p>
 * Shared by the filters of the feature packages ({@code dev.tglogin.web.*}); not meant for applications.
 */
public sealed interface CompletedLogin {

	/**
	 * Answers a request that waited as the request that completed or ended the login did, through the same handlers.
	 * @param request the waiting request
	 * @param response its response
	 * @param success the filter's success handler
	 * @param failure the filter's failure handler
	 */
	default void answer(HttpServletRequest request, HttpServletResponse response, AuthenticationSuccessHandler success,
			AuthenticationFailureHandler failure) throws IOException, ServletException {
		if (this instanceof Authenticated authenticated) {
			success.onAuthenticationSuccess(request, response, authenticated.authentication());
		}
		else if (this instanceof Refused refused) {
			failure.onAuthenticationFailure(request, response, refused.failure());
		}
		else if (this instanceof Ended ended) {
			JsonResponses.write(response, 200, Map.of("status", ended.status()));
		}
	}

	/**
	 * The login completed: answered through the success handler.
	 * @param authentication the authenticated result
	 */
	record Authenticated(Authentication authentication) implements CompletedLogin {

		public Authenticated {
			Assert.isTrue(authentication != null && authentication.isAuthenticated(),
					"authentication must be authenticated");
		}

	}

	/**
	 * The login was refused: answered through the failure handler.
	 * @param failure why
	 */
	record Refused(AuthenticationException failure) implements CompletedLogin {

		public Refused {
			Assert.notNull(failure, "failure cannot be null");
		}

	}

	/**
	 * The login ended without a user ({@code cancelled}, {@code expired}, {@code used}): answered with that status.
	 * @param status the status the browser is told
	 */
	record Ended(String status) implements CompletedLogin {

		public Ended {
			Assert.hasText(status, "status cannot be empty");
		}

	}

}
