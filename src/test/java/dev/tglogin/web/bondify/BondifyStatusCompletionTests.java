package dev.tglogin.web.bondify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;

import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.bondify.BondifyProofAuthenticationToken;
import dev.tglogin.bondify.BondifyWebhookAuthenticationToken;
import dev.tglogin.bondify.BondifyWebhookEvent;
import dev.tglogin.web.CompletedLogin;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingLoginLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BondifyStatusCompletionTests {

	private static final String SESSION_TOKEN = "bs_session";

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	private final BondifyStatusCompletion completion = new BondifyStatusCompletion(this.pendingLogins);

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final PendingBondifyLogin pending = new PendingBondifyLogin(SESSION_TOKEN, Instant.now().plusSeconds(600));

	private final PendingLoginLock lock = new PendingLoginLock();

	private final List<Authentication> requests = new ArrayList<>();

	private final Authentication user = new TestingAuthenticationToken("42", null, "ROLE_USER");

	BondifyStatusCompletionTests() {
		this.pendingLogins.save(this.pending, this.request, this.response);
	}

	@Test
	void authenticateWhenConfirmedThenTheProofIsAuthenticatedForThisPendingLoginWhichIsConsumed() {
		PendingLoginLock.Turn turn = this.lock.tryLock(SESSION_TOKEN);

		Authentication result = this.completion.authenticate(this.pending, new BondifyLoginState.Confirmed("a.b.c"),
				turn, "details", (authentication) -> {
					this.requests.add(authentication);
					// the proof is kept in the pending login before it is authenticated
					assertThat(this.pendingLogins.load(this.request, PendingBondifyLogin.class).getConfirmedProof())
						.isEqualTo("a.b.c");
					return this.user;
				}, this.request, this.response);

		assertThat(result).isSameAs(this.user);
		assertThat(this.requests).singleElement()
			.isInstanceOfSatisfying(BondifyProofAuthenticationToken.class, (token) -> {
				assertThat(token.getExpectedSessionToken()).isEqualTo(SESSION_TOKEN);
				assertThat(token.getDetails()).isEqualTo("details");
			});
		assertThat(this.pendingLogins.load(this.request, PendingBondifyLogin.class)).isNull();
		assertThat(turn.completed()).isEqualTo(new CompletedLogin.Authenticated(this.user));
	}

	@Test
	void authenticateWhenConfirmedByWebhookThenTheEventIsAuthenticated() {
		BondifyWebhookEvent event = new BondifyWebhookEvent(true, SESSION_TOKEN, "42", "Ann", null, null);

		this.completion.authenticate(this.pending, new BondifyLoginState.ConfirmedByWebhook(event),
				this.lock.tryLock(SESSION_TOKEN), null, (authentication) -> {
					this.requests.add(authentication);
					return this.user;
				}, this.request, this.response);

		assertThat(this.requests).singleElement()
			.isInstanceOfSatisfying(BondifyWebhookAuthenticationToken.class, (token) -> {
				assertThat(token.getEvent()).isEqualTo(event);
				assertThat(token.getExpectedSessionToken()).isEqualTo(SESSION_TOKEN);
			});
	}

	@Test
	void authenticateWhenRefusedThenThePendingLoginIsConsumedAndTheRefusalRecorded() {
		PendingLoginLock.Turn turn = this.lock.tryLock(SESSION_TOKEN);
		BadCredentialsException refused = new BadCredentialsException("bad proof");

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.completion.authenticate(this.pending, new BondifyLoginState.Confirmed("a.b.c"),
					turn, null, (authentication) -> {
						throw refused;
					}, this.request, this.response));
		assertThat(this.pendingLogins.load(this.request, PendingBondifyLogin.class)).isNull();
		assertThat(turn.completed()).isEqualTo(new CompletedLogin.Refused(refused));
	}

	@Test
	void authenticateWhenFailingForNowThenTheConfirmedProofIsKeptForTheNextPoll() {
		PendingLoginLock.Turn turn = this.lock.tryLock(SESSION_TOKEN);

		assertThatExceptionOfType(AuthenticationServiceException.class)
			.isThrownBy(() -> this.completion.authenticate(this.pending, new BondifyLoginState.Confirmed("a.b.c"),
					turn, null, (authentication) -> {
						throw new AuthenticationServiceException("database down");
					}, this.request, this.response));
		assertThat(this.pendingLogins.load(this.request, PendingBondifyLogin.class).getConfirmedProof())
			.isEqualTo("a.b.c");
		assertThat(turn.completed()).isNull();
	}

	@Test
	void endWhenCancelledThenThePendingLoginIsConsumedAndTheStatusRecorded() {
		PendingLoginLock.Turn turn = this.lock.tryLock(SESSION_TOKEN);

		String status = this.completion.end(this.pending, new BondifyLoginState.Cancelled(), turn, this.request,
				this.response);

		assertThat(status).isEqualTo("cancelled");
		assertThat(this.pendingLogins.load(this.request, PendingBondifyLogin.class)).isNull();
		assertThat(turn.completed()).isEqualTo(new CompletedLogin.Ended("cancelled"));
	}

	@Test
	void isConfirmationWhenStatesThenOnlyTheTwoConfirmations() {
		assertThat(BondifyStatusCompletion.isConfirmation(new BondifyLoginState.Confirmed("a.b.c"))).isTrue();
		assertThat(BondifyStatusCompletion.isConfirmation(new BondifyLoginState.Used())).isFalse();
		assertThat(BondifyStatusCompletion.isConfirmation(BondifyLoginState.PENDING)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> this.completion.authenticate(this.pending,
				new BondifyLoginState.Expired(), this.lock.tryLock(SESSION_TOKEN), null, (authentication) -> this.user,
				this.request, this.response));
	}

}
