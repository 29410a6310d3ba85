package dev.tglogin.web.xellar;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

import dev.tglogin.web.CompletedLogin;
import dev.tglogin.web.JsonResponses;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramLoginMessages;
import dev.tglogin.xellar.PhoneNumbers;

/**
 * How {@link XellarLoginFilter} ends a code submission: the JSON errors in the app's texts, the checks that the
 * browser still holds the pending login once Xellar answered, and the outcomes (succeeded, refused, ended) that drop
 * the pending login, are recorded in the submission's turn for the submissions that waited, and are logged once at
 * INFO under {@link XellarLoginFilter}'s logger with a hashed reference, never the code or the whole phone number.
 * <p>
 * This class is thread-safe.
 */
final class XellarVerifyAnswers {

	private static final Log logger = LogFactory.getLog(XellarLoginFilter.class);

	private final PendingLoginRepository pendingLogins;

	private final XellarSubmissionTurns turns;

	private volatile TelegramLoginMessages messages = TelegramLoginMessages.library();

	XellarVerifyAnswers(PendingLoginRepository pendingLogins, XellarSubmissionTurns turns) {
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		Assert.notNull(turns, "turns cannot be null");
		this.pendingLogins = pendingLogins;
		this.turns = turns;
	}

	void setMessages(TelegramLoginMessages messages) {
		Assert.notNull(messages, "messages cannot be null");
		this.messages = messages;
	}

	/** Answers the error in the app's texts. */
	void error(TelegramLoginError error, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		JsonResponses.error(response, this.messages.localize(error, request));
	}

	/**
	 * Whether this browser still holds the pending login after Xellar answered: a logout (or a new code requested)
	 * while Xellar was checking the code ends it, and then nothing may be logged in, nor the newer login touched.
	 */
	boolean isStillPending(PendingXellarLogin pending, HttpServletRequest request) {
		PendingXellarLogin now = this.pendingLogins.load(request, PendingXellarLogin.class);
		return now != null && now.getVerificationToken().equals(pending.getVerificationToken());
	}

	/** Answers 409 {@code no_pending_login}: the pending login ended while Xellar was checking the code. */
	void endedMeanwhile(PendingXellarLogin pending, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		logger.info("Telegram login failed (flow=xellar, verification " + ref(pending)
				+ ", reason=no_pending_login)");
		error(TelegramLoginError.noPendingLogin(), request, response);
	}

	/** Ends the login with a failure decided here or by Xellar ({@code otp_expired}, {@code too_many_attempts}). */
	void end(PendingXellarLogin pending, AuthenticationException ex, String reason, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		this.pendingLogins.remove(PendingXellarLogin.class, request, response);
		this.turns.record(request, new CompletedLogin.Refused(ex));
		logger.info("Telegram login failed (flow=xellar, verification " + ref(pending) + ", phone "
				+ PhoneNumbers.mask(pending.getPhoneNumber()) + ", reason=" + reason + ")");
		error(TelegramLoginError.from(ex), request, response);
	}

	/** Answers 401 {@code invalid_otp} with {@code attemptsLeft}; the pending login stays. */
	void wrongOtp(PendingXellarLogin pending, AuthenticationException ex, long left, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		logger.info("Telegram login attempt failed (flow=xellar, verification " + ref(pending)
				+ ", reason=wrong_otp, attemptsLeft=" + left + ")");
		TelegramLoginError wrong = this.messages.localize(TelegramLoginError.from(ex), request);
		JsonResponses.write(response, 401,
				JsonResponses.object("error", wrong.code(), "message", wrong.message(), "attemptsLeft", left));
	}

	/** Ends the login refused by Xellar; the failure handler answers it. */
	void refused(PendingXellarLogin pending, AuthenticationException ex, HttpServletRequest request,
			HttpServletResponse response) {
		this.pendingLogins.remove(PendingXellarLogin.class, request, response);
		this.turns.record(request, new CompletedLogin.Refused(ex));
		logger.info("Telegram login failed (flow=xellar, verification " + ref(pending) + ", reason="
				+ TelegramLoginError.from(ex).code() + ")");
	}

	/** Ends the login authenticated; the success handler answers it. */
	void succeeded(PendingXellarLogin pending, Authentication result, HttpServletRequest request,
			HttpServletResponse response) {
		this.pendingLogins.remove(PendingXellarLogin.class, request, response);
		this.turns.record(request, new CompletedLogin.Authenticated(result));
		logger.info("Telegram login succeeded (flow=xellar, verification " + ref(pending) + ")");
	}

	private static String ref(PendingXellarLogin pending) {
		return XellarOtpAttempts.ref(pending);
	}

}
