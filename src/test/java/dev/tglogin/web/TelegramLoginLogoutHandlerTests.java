package dev.tglogin.web;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.StoreUnavailableException;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.xellar.XellarAuthenticationProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link TelegramLoginLogoutHandler}.
 */
class TelegramLoginLogoutHandlerTests {

	private static final Instant LATER = Instant.parse("2099-01-01T00:00:00Z");

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	@Test
	void logoutWhenLoginsPendingThenBothFlowsRemoved() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		pending(request);
		new TelegramLoginLogoutHandler(this.pendingLogins).logout(request, new MockHttpServletResponse(), null);
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNull();
	}

	@Test
	void logoutWhenStoreGivenThenThePendingVerificationIsRecordedAsUsed() {
		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		MockHttpServletRequest request = new MockHttpServletRequest();
		pending(request);
		new TelegramLoginLogoutHandler(this.pendingLogins, store).logout(request, new MockHttpServletResponse(),
				null);
		String key = StoreKeys.key(XellarAuthenticationProvider.USED_VERIFICATION_NAMESPACE, "xv_pending");
		assertThat(store.useOnce(key, LATER)).as("already used").isFalse();
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNull();
	}

	@Test
	void logoutWhenTheStoreIsDownThenThePendingLoginsAreStillRemoved() {
		TelegramLoginStore down = mock(TelegramLoginStore.class);
		given(down.useOnce(anyString(), any())).willThrow(new StoreUnavailableException("down", new RuntimeException()));
		MockHttpServletRequest request = new MockHttpServletRequest();
		pending(request);
		new TelegramLoginLogoutHandler(this.pendingLogins, down).logout(request, new MockHttpServletResponse(), null);
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNull();
	}

	@Test
	void logoutWhenNothingPendingThenNoSessionCreated() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		new TelegramLoginLogoutHandler(this.pendingLogins, new InMemoryTelegramLoginStore()).logout(request,
				new MockHttpServletResponse(), null);
		assertThat(request.getSession(false)).isNull();
	}

	private void pending(MockHttpServletRequest request) {
		this.pendingLogins.save(new PendingBondifyLogin("sess_pending", LATER), request, new MockHttpServletResponse());
		this.pendingLogins.save(new PendingXellarLogin("xv_pending", "+447700900123", LATER), request,
				new MockHttpServletResponse());
	}

}
