package dev.tglogin.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

/**
 * How a pending login ended, kept by {@link PendingLoginLock} for the requests of the same browser that waited for it
 * meanwhile: they answer through the same handlers instead of completing the login a second time.
 */
sealed interface CompletedLogin {

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
