package dev.tglogin.miniapp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link MiniAppAuthenticationToken}: never authenticated, erasable, and the init data never in {@code toString()}.
 */
class MiniAppAuthenticationTokenTests {

	private static final String INIT_DATA = "user=%7B%22id%22%3A7%7D&auth_date=1&hash=secret-hash-value";

	@Test
	void sessionExchangeWhenCreatedThenUnauthenticatedSingleUseRequest() {
		MiniAppAuthenticationToken token = MiniAppAuthenticationToken.sessionExchange(INIT_DATA);
		assertThat(token.isAuthenticated()).isFalse();
		assertThat(token.isSessionExchange()).isTrue();
		assertThat(token.getCredentials()).isEqualTo(INIT_DATA);
		assertThat(MiniAppAuthenticationToken.perRequest(INIT_DATA).isSessionExchange()).isFalse();
	}

	@Test
	void setAuthenticatedWhenTrueThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MiniAppAuthenticationToken.perRequest(INIT_DATA).setAuthenticated(true));
	}

	@Test
	void eraseCredentialsWhenCalledThenInitDataGone() {
		MiniAppAuthenticationToken token = MiniAppAuthenticationToken.sessionExchange(INIT_DATA);
		token.eraseCredentials();
		assertThat(token.getCredentials()).isNull();
	}

	@Test
	void toStringWhenCalledThenNoInitData() {
		assertThat(MiniAppAuthenticationToken.sessionExchange(INIT_DATA).toString()).doesNotContain("secret-hash-value")
			.doesNotContain("auth_date");
	}

	@Test
	void createWhenEmptyThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> MiniAppAuthenticationToken.sessionExchange(""));
	}

}
