package dev.tglogin.xellar;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.test.MutableClock;
import dev.tglogin.test.Proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The wallet service with a scripted Xellar (the upstream boundary): single-use wallet tokens, refresh before expiry,
 * one shared refresh for concurrent callers, and the rotated pair stored back in the security context and session.
 */
class XellarWalletServiceTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

	private final ScriptedXellar xellar = new ScriptedXellar();

	private final XellarWalletService service = new XellarWalletService(this.xellar);

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	XellarWalletServiceTests() {
		this.service.setClock(this.clock);
	}

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void freshWalletTokenWhenUnusedAndValidThenHandedOutOnceThenRefreshed() {
		login(XellarWalletCredentials.wallet(token("w0", 600), "r0", List.of()));

		assertThat(this.service.freshWalletToken(this.request, this.response)).isEqualTo(token("w0", 600));
		assertThat(this.xellar.refreshes.get()).isZero();
		String second = this.service.freshWalletToken(this.request, this.response);
		assertThat(second).isEqualTo("w1");
		assertThat(this.xellar.refreshes.get()).isEqualTo(1);
		assertThat(this.service.currentCredentials().getRefreshToken()).isEqualTo("r1");
		// stored in the session too, for the next request
		assertThat(new HttpSessionSecurityContextRepository().loadDeferredContext(this.request)
			.get()
			.getAuthentication()
			.getCredentials()).isInstanceOf(XellarWalletCredentials.class)
			.extracting((c) -> ((XellarWalletCredentials) c).getRefreshToken())
			.isEqualTo("r1");
	}

	@Test
	void freshWalletTokenWhenAboutToExpireThenRefreshedFirst() {
		login(XellarWalletCredentials.wallet(token("w0", 5), "r0", List.of()));
		assertThat(this.service.freshWalletToken(this.request, this.response)).isEqualTo("w1");
	}

	@Test
	void freshWalletTokenWhenTheTokenHasNoExpiryThenNoLifetimeIsAssumedItIsHandedOutOnceAndRefreshedOnTheNextUse() {
		login(XellarWalletCredentials.wallet("opaque-w0", "r0", List.of()));
		this.clock.advance(Duration.ofDays(3));
		assertThat(this.service.freshWalletToken(this.request, this.response)).isEqualTo("opaque-w0");
		assertThat(this.service.freshWalletToken(this.request, this.response)).isEqualTo("w1");
		assertThat(this.service.freshWalletToken(this.request, this.response)).isEqualTo("w2");
		assertThat(this.xellar.refreshes.get()).isEqualTo(2);
	}

	@Test
	void createWalletWhenOptionsAreGivenThenTheyReachXellar() {
		login(XellarWalletCredentials.noWallet("access"));
		XellarWalletOptions options = XellarWalletOptions.builder().custodian(false).build();
		this.service.createWallet(this.request, this.response, options);
		assertThat(this.xellar.createOptions).isSameAs(options);
	}

	@Test
	void freshWalletTokenWhenCalledConcurrentlyThenOneRefreshIsShared() throws Exception {
		login(XellarWalletCredentials.wallet(token("w0", 600), "r0", List.of()).withWalletTokenHandedOut());
		this.xellar.gate = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<String>> tokens = new ArrayList<>();
			SecurityContextImpl context = new SecurityContextImpl(SecurityContextHolder.getContext().getAuthentication());
			for (int i = 0; i < 6; i++) {
				tokens.add(pool.submit(() -> {
					SecurityContextHolder.setContext(context);
					return this.service.freshWalletToken(new MockHttpServletRequest(), new MockHttpServletResponse());
				}));
			}
			assertThat(this.xellar.inRefresh.await(5, TimeUnit.SECONDS)).isTrue();
			Thread.sleep(200); // let the other callers reach the shared refresh
			this.xellar.gate.countDown();
			for (Future<String> token : tokens) {
				assertThat(token.get(5, TimeUnit.SECONDS)).isEqualTo("w1");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.xellar.refreshes.get()).isEqualTo(1);
	}

	@Test
	void freshWalletTokenWhenRefreshFailsThenErrorAndTheNextCallRetries() {
		login(XellarWalletCredentials.wallet(token("w0", 600), "r0", List.of()).withWalletTokenHandedOut());
		this.xellar.failNext = true;
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> this.service.freshWalletToken(this.request, this.response));
		assertThat(this.service.freshWalletToken(this.request, this.response)).isEqualTo("w1");
	}

	@Test
	void freshWalletTokenWhenNoRefreshTokenAndTokenUsedThenClearError() {
		login(XellarWalletCredentials.wallet(token("w0", 600), null, List.of()).withWalletTokenHandedOut());
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.service.freshWalletToken(this.request, this.response))
			.withMessageContaining("v1");
	}

	@Test
	void updateWhenWalletOperationReturnedAPairThenItIsStored() {
		login(XellarWalletCredentials.wallet(token("w0", 600), "r0", List.of()).withWalletTokenHandedOut());
		this.service.update("w9", "r9", this.request, this.response);
		assertThat(this.service.freshWalletToken(this.request, this.response)).isEqualTo("w9");
		assertThat(this.xellar.refreshes.get()).isZero();
	}

	@Test
	void createWalletWhenUserHasNoneThenStoredAndSecretHandedToTheApp() {
		login(XellarWalletCredentials.noWallet("access"));
		XellarWalletCreation creation = this.service.createWallet(this.request, this.response);
		assertThat(creation.secret0()).isEqualTo("s0");
		assertThat(this.service.currentCredentials().isWalletCreated()).isTrue();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.service.createWallet(this.request, this.response));
	}

	@Test
	void callsWhenNotAXellarLoginThenIllegalState() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this.service::currentCredentials);
	}

	private void login(XellarWalletCredentials credentials) {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.XELLAR, "xu_1").phone("+15550102030").build();
		SecurityContextHolder.setContext(new SecurityContextImpl(TelegramAuthenticationToken.authenticated(user, user,
				credentials, AuthorityUtils.createAuthorityList("ROLE_USER"))));
	}

	private String token(String id, long secondsLeft) {
		return Proofs.sign(JWSAlgorithm.HS256, new byte[32], new JWTClaimsSet.Builder().claim("uid", "xu_1")
			.jwtID(id)
			.expirationTime(Date.from(this.clock.instant().plus(Duration.ofSeconds(secondsLeft))))
			.build());
	}

	/** Xellar's refresh, scripted: rotates r(n) to w(n+1)/r(n+1), optionally blocking or failing once. */
	static final class ScriptedXellar implements XellarClient {

		final AtomicInteger refreshes = new AtomicInteger();

		final CountDownLatch inRefresh = new CountDownLatch(1);

		volatile CountDownLatch gate;

		volatile boolean failNext;

		volatile XellarWalletOptions createOptions;

		@Override
		public XellarOtpChallenge sendOtp(String phoneNumber) {
			throw new UnsupportedOperationException();
		}

		@Override
		public XellarWalletCredentials verifyOtp(String verificationToken, String otp) {
			throw new UnsupportedOperationException();
		}

		@Override
		public XellarWalletCreation createWallet(String accessToken) {
			return createWallet(accessToken, XellarWalletOptions.defaults());
		}

		@Override
		public XellarWalletCreation createWallet(String accessToken, XellarWalletOptions options) {
			this.createOptions = options;
			return new XellarWalletCreation(XellarWalletCredentials.wallet("w-new", "r-new", List.of()), "s0", "link");
		}

		@Override
		public XellarWalletCredentials refresh(XellarWalletCredentials credentials) {
			if (this.failNext) {
				this.failNext = false;
				throw new UpstreamUnavailableException("xellar", "down");
			}
			this.inRefresh.countDown();
			if (this.gate != null) {
				try {
					this.gate.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			int n = Integer.parseInt(credentials.getRefreshToken().substring(1)) + 1;
			this.refreshes.incrementAndGet();
			return credentials.withTokens("w" + n, "r" + n);
		}

	}

}
