package dev.tglogin.web.bondify;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.bondify.BondifyProofAuthenticationToken;
import dev.tglogin.bondify.BondifyWebhookAuthenticationToken;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.CompletedLogin;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingLoginLock;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.TelegramLoginError;

/**
 * What {@link BondifyLoginFilter} does with a decisive state of a pending login, in the login's turn: a confirmation
 * (a proof, or a verified webhook event) is authenticated, and the first confirmed proof is kept in the pending login
 * first (so a later {@code used} cannot undo it); {@code cancelled}, {@code expired} and {@code used} end the login.
 * Either way the pending login is consumed (except after a transient failure, kept for the next poll) and the outcome
 * recorded in the turn for the polls that waited. Logged once per login, at INFO, under {@link BondifyLoginFilter}'s
 * logger, with a hashed reference ({@link StoreKeys#logRef}), never a token.
 * <p>
 * This class is thread-safe.
 */
final class BondifyStatusCompletion {

	private static final Log logger = LogFactory.getLog(BondifyLoginFilter.class);

	private final PendingLoginRepository pendingLogins;

	BondifyStatusCompletion(PendingLoginRepository pendingLogins) {
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		this.pendingLogins = pendingLogins;
	}

	/**
	 * Whether the state confirms the login ({@link #authenticate} it), rather than ending it ({@link #end}).
	 * @param state a decisive state
	 */
	static boolean isConfirmation(BondifyLoginState state) {
		return state instanceof BondifyLoginState.Confirmed || state instanceof BondifyLoginState.ConfirmedByWebhook;
	}

	/**
	 * Authenticates a confirmation of the pending login.
	 * @param state {@link BondifyLoginState.Confirmed} or {@link BondifyLoginState.ConfirmedByWebhook}
	 * @param details the authentication details of the request
	 * @return the authenticated result
	 * @throws AuthenticationException when refused (the login is consumed) or failing for now (it is kept)
	 */
	Authentication authenticate(PendingBondifyLogin pending, BondifyLoginState state, PendingLoginLock.Turn turn,
			@Nullable Object details, AuthenticationManager authenticationManager, HttpServletRequest request,
			HttpServletResponse response) {
		AbstractAuthenticationToken token;
		if (state instanceof BondifyLoginState.ConfirmedByWebhook webhook) {
			token = BondifyWebhookAuthenticationToken.unauthenticated(webhook.event(), pending.getSessionToken());
		}
		else if (state instanceof BondifyLoginState.Confirmed confirmed) {
			if (pending.getConfirmedProof() == null) {
				this.pendingLogins.save(pending.withConfirmedProof(confirmed.proof()), request, response);
			}
			token = BondifyProofAuthenticationToken.unauthenticated(confirmed.proof(), pending.getSessionToken());
		}
		else {
			throw new IllegalArgumentException("not a confirmation: " + state.statusName());
		}
		token.setDetails(details);
		try {
			Authentication result = authenticationManager.authenticate(token);
			this.pendingLogins.remove(PendingBondifyLogin.class, request, response);
			turn.complete(new CompletedLogin.Authenticated(result));
			logger.info("Telegram login succeeded (flow=bondify, session " + ref(pending) + ")");
			return result;
		}
		catch (AuthenticationServiceException ex) {
			// transient (e.g. the user mapper's database): keep the proof for the next poll
			logger.warn("Telegram login could not complete now (flow=bondify, session " + ref(pending)
					+ ", reason=" + TelegramLoginError.from(ex).code() + "): " + ex.getClass().getSimpleName());
			throw ex;
		}
		catch (AuthenticationException ex) {
			this.pendingLogins.remove(PendingBondifyLogin.class, request, response);
			turn.complete(new CompletedLogin.Refused(ex));
			logger.info("Telegram login failed (flow=bondify, session " + ref(pending) + ", reason="
					+ TelegramLoginError.reason(ex) + ")");
			throw ex;
		}
	}

	/**
	 * Ends the pending login with a state that is not a confirmation ({@code cancelled}, {@code expired},
	 * {@code used}).
	 * @return the status the poll answers
	 */
	String end(PendingBondifyLogin pending, BondifyLoginState state, PendingLoginLock.Turn turn,
			HttpServletRequest request, HttpServletResponse response) {
		this.pendingLogins.remove(PendingBondifyLogin.class, request, response);
		String name = state.statusName();
		turn.complete(new CompletedLogin.Ended(name));
		logger.info("Telegram login failed (flow=bondify, session " + ref(pending) + ", reason=" + name + ")");
		return name;
	}

	private static String ref(PendingBondifyLogin pending) {
		return StoreKeys.logRef(pending.getSessionToken());
	}

}
