package dev.tglogin.web.bondify;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.core.TelegramLoginEndedEvent;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.web.JsonResponses;

/**
 * The answers of {@link BondifyLoginFilter} that do not authenticate: a state that leaves the login pending
 * ({@code pending}, or a failed upstream check through the failure handler, the pending login kept for a retry) and
 * a login that ended ({@code cancelled}, {@code expired}, {@code used}, with a {@link TelegramLoginEndedEvent}).
 * Logs under {@link BondifyLoginFilter}'s logger.
 */
final class BondifyStatusAnswers {

	private static final Log logger = LogFactory.getLog(BondifyLoginFilter.class);

	/** The answer of most polls, serialized once. */
	private static final byte[] PENDING = JsonResponses.serialize(Map.of("status", "pending"));

	private BondifyStatusAnswers() {
	}

	/** Answers {@code pending}, or a failed upstream check through the failure handler. */
	static void undecided(BondifyLoginState state, HttpServletRequest request, HttpServletResponse response,
			AuthenticationFailureHandler failures) throws IOException, ServletException {
		if (!(state instanceof BondifyLoginState.Failed failed)) {
			JsonResponses.write(response, 200, PENDING);
			return;
		}
		UpstreamException ex = failed.failure();
		if (ex instanceof UpstreamRateLimitedException) {
			// Bondify's own limit or ours on calls in flight: the browser is told when to come back
			logger.debug("Telegram login status poll refused for now: " + ex.getMessage());
		}
		else {
			logger.warn("Telegram login status poll failed: " + ex.getMessage());
		}
		failures.onAuthenticationFailure(request, response, ex);
	}

	/** Answers a login that ended with its state's name, published first as a {@link TelegramLoginEndedEvent}. */
	static void ended(String name, Object details, @Nullable ApplicationEventPublisher events,
			HttpServletResponse response) throws IOException {
		if (events != null) {
			events.publishEvent(new TelegramLoginEndedEvent(details, TelegramLoginFlow.BONDIFY, name));
		}
		JsonResponses.write(response, 200, Map.of("status", name));
	}

}
