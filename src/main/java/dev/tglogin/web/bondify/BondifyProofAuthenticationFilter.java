package dev.tglogin.web.bondify;

import java.io.IOException;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyProofAuthenticationToken;
import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.InvalidProofException;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.InvalidRequestException;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.JsonResponses;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.TelegramAuthenticationDetailsSource;
import dev.tglogin.web.TelegramAuthenticationProcessingFilter;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramLoginFailureHandler;
import dev.tglogin.web.TelegramLoginMessages;
import dev.tglogin.web.TelegramLoginSuccessHandler;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleRefusal;

/**
 * {@code POST /login/telegram/proof} with {@code {"proof": "<jwt>"}}: completes this browser's pending Bondify login
 * with a proof its page obtained by polling Bondify itself (Bondify's documented pattern).
 * <p>
 * The proof's {@code session_token} must be the one of this browser's {@link PendingBondifyLogin}: a session token read
 * off a deeplink or a QR code and polled at Bondify by someone else logs nobody in. Without a pending login the
 * answer is 409 {@code no_pending_login}, unless {@link #setProofWithoutPendingLogin(boolean)} is on (native clients
 * that generated the session themselves; see its risk). A refused proof leaves the pending login in place. Proofs are
 * throttled per session and per address ({@link LoginThrottle#checkProof}). Completion is
 * {@link AbstractAuthenticationProcessingFilter}'s (session id change, context saved, events, remember-me,
 * success/failure handlers); the provider lets each Bondify session complete one login only.
 */
public final class BondifyProofAuthenticationFilter extends TelegramAuthenticationProcessingFilter {

	private static final Log logger = LogFactory.getLog(BondifyProofAuthenticationFilter.class);

	/** The default path. */
	public static final String DEFAULT_PROOF_URL = "/login/telegram/proof";

	private final PendingLoginRepository pendingLogins;

	private @Nullable LoginThrottle throttle;

	private boolean proofWithoutPendingLogin;

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	/**
	 * Creates the filter.
	 * @param proofPath e.g. {@code /login/telegram/proof}
	 * @param pendingLogins where pending logins live
	 * @param authenticationManager the manager holding a {@code BondifyAuthenticationProvider}
	 */
	public BondifyProofAuthenticationFilter(String proofPath, PendingLoginRepository pendingLogins,
			AuthenticationManager authenticationManager) {
		super(EndpointMatcher.of(HttpMethod.POST, proofPath), authenticationManager);
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		this.pendingLogins = pendingLogins;
		setAuthenticationSuccessHandler(new TelegramLoginSuccessHandler("/"));
		setAuthenticationFailureHandler(new TelegramLoginFailureHandler());
		setAuthenticationDetailsSource(new TelegramAuthenticationDetailsSource());
	}

	/**
	 * Sets whether a proof is accepted when this browser has no pending Bondify login (a native client that generated
	 * the session and polled Bondify itself). Defaults to {@code false}: a proof then completes only the login this
	 * browser started, and only with that login's session token.
	 * <p>
	 * Turning it on accepts any valid, unused proof of the project from any browser: whoever gets hold of a session
	 * token (it is in the deeplink and the QR code) and polls Bondify before the user's own client does can log in
	 * as that user. Turn it on only for clients that keep their session tokens to themselves.
	 * @param proofWithoutPendingLogin whether to accept proofs without a pending login
	 */
	public void setProofWithoutPendingLogin(boolean proofWithoutPendingLogin) {
		this.proofWithoutPendingLogin = proofWithoutPendingLogin;
	}

	/**
	 * Sets the throttle of posted proofs ({@link LoginThrottle#PROOFS_PER_SESSION},
	 * {@link LoginThrottle#PROOFS_PER_ADDRESS}). Defaults to none; the {@code telegramLogin()} DSL always sets one.
	 * @param throttle the throttle
	 */
	public void setThrottle(LoginThrottle throttle) {
		Assert.notNull(throttle, "throttle cannot be null");
		this.throttle = throttle;
	}

	/**
	 * Sets the texts of the error messages. Defaults to the library's own ({@link TelegramLoginMessages#library()}).
	 * @param messages the texts, e.g. {@link TelegramLoginMessages#withOverrides} of the app's {@code MessageSource}
	 */
	public void setMessages(TelegramLoginMessages messages) {
		Assert.notNull(messages, "messages cannot be null");
		this.messages = messages;
	}

	@Override
	public @Nullable Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException, IOException {
		String proof;
		try {
			proof = JsonRequests.requiredString(
					JsonRequests.readObject(request, JsonRequests.DEFAULT_MAX_BODY_BYTES), "proof",
					JsonRequests.DEFAULT_MAX_BODY_BYTES);
		}
		catch (InvalidRequestException ex) {
			JsonResponses.error(response, this.messages.localize(ex.getError(), request));
			return null;
		}
		ThrottleRefusal refusal = (this.throttle != null) ? this.throttle.checkProof(request) : null;
		if (refusal != null) {
			JsonResponses.error(response,
					this.messages.localize(TelegramLoginError.rateLimited(refusal.retryAfterSeconds()), request));
			return null;
		}
		PendingBondifyLogin pending = this.pendingLogins.load(request, PendingBondifyLogin.class);
		if (pending == null && !this.proofWithoutPendingLogin) {
			// a proof completes only the login this browser started: a session token read off a deeplink or a QR
			// code, polled at Bondify by someone else, must not log that someone in
			logger.info("Telegram login failed (flow=bondify, via=proof, proof " + StoreKeys.logRef(proof)
					+ ", reason=no_pending_login)");
			JsonResponses.error(response, this.messages.localize(TelegramLoginError.noPendingLogin(), request));
			return null;
		}
		BondifyProofAuthenticationToken token = BondifyProofAuthenticationToken.unauthenticated(proof,
				(pending != null) ? pending.getSessionToken() : null);
		token.setDetails(this.authenticationDetailsSource.buildDetails(request));
		try {
			Authentication result = getAuthenticationManager().authenticate(token);
			if (pending != null) {
				this.pendingLogins.remove(PendingBondifyLogin.class, request, response);
			}
			// the proof was for the pending login's session; only without one is it read again for the log line
			String session = (pending != null) ? StoreKeys.logRef(pending.getSessionToken()) : verifiedSessionRef(proof);
			logger.info("Telegram login succeeded (flow=bondify, via=proof, session " + session + ")");
			return result;
		}
		catch (AuthenticationServiceException ex) {
			logger.warn("Telegram login could not complete now (flow=bondify, via=proof, proof "
					+ StoreKeys.logRef(proof) + ", reason=" + TelegramLoginError.from(ex).code() + "): "
					+ ex.getClass().getSimpleName());
			throw ex;
		}
		catch (AuthenticationException ex) {
			// the proof is not trusted: refer to it by its own hash, not by the session it claims; the pending
			// login, if any, stays for its own proof
			logger.info("Telegram login failed (flow=bondify, via=proof, proof " + StoreKeys.logRef(proof)
					+ ", reason=" + TelegramLoginError.reason(ex) + ")");
			throw ex;
		}
	}

	/** The hashed session token of a proof the provider has just verified. */
	private static String verifiedSessionRef(String proof) {
		try {
			Object session = SignedJWT.parse(proof).getJWTClaimsSet().getClaim(BondifyProtocol.SESSION_TOKEN);
			return (session instanceof String s) ? StoreKeys.logRef(s) : "unknown";
		}
		catch (java.text.ParseException | RuntimeException ex) {
			return "unknown";
		}
	}

}
