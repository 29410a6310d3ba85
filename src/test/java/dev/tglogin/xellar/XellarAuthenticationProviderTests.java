package dev.tglogin.xellar;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.Authentication;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The provider's single use: a verification Xellar accepted completes one login, and the app's mapper runs once,
 * even against an upstream that would accept the same verification token again.
 */
class XellarAuthenticationProviderTests {

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private final AtomicInteger mapped = new AtomicInteger();

	private final ScriptedClient client = new ScriptedClient();

	private final XellarAuthenticationProvider provider = new XellarAuthenticationProvider(this.client, this.store);

	XellarAuthenticationProviderTests() {
		TelegramUserMapper roleUser = TelegramUserMapper.withAuthorities("ROLE_USER");
		this.provider.setUserMapper((user) -> {
			this.mapped.incrementAndGet();
			return roleUser.map(user);
		});
	}

	@Test
	void authenticateWhenTheSameVerificationIsAcceptedTwiceThenTheSecondIsRefusedBeforeTheMapperRuns() {
		this.client.answers.add(XellarWalletCredentials.noWallet("access-token-1"));
		this.client.answers.add(XellarWalletCredentials.noWallet("access-token-2"));

		Authentication first = this.provider.authenticate(request("verification-1", "123456"));
		assertThat(first).isInstanceOf(TelegramAuthenticationToken.class);
		assertThat(first.isAuthenticated()).isTrue();
		assertThatExceptionOfType(ExpiredVerificationException.class)
			.isThrownBy(() -> this.provider.authenticate(request("verification-1", "123456")));

		assertThat(this.mapped).hasValue(1);
	}

	@Test
	void authenticateWhenTheTokenCarriesNoXellarUserIdThenThePrincipalNameIsAPseudonymNotThePhoneNumber() {
		this.client.answers.add(XellarWalletCredentials.noWallet("opaque-access-token"));
		this.client.answers.add(XellarWalletCredentials.noWallet("another-opaque-access-token"));
		TelegramAuthenticationToken first = (TelegramAuthenticationToken) this.provider
			.authenticate(request("verification-a", "123456"));
		TelegramAuthenticationToken again = (TelegramAuthenticationToken) this.provider
			.authenticate(request("verification-b", "123456"));
		String phone = first.getTelegramUser().getPhone();
		assertThat(phone).isNotNull();
		assertThat(first.getName()).startsWith("phone-").hasSize(38)
			.doesNotContain(phone.substring(1, 8));
		assertThat(again.getName()).as("stable per phone number").isEqualTo(first.getName());
		assertThat(first.getTelegramUser().getDisplayName()).isEqualTo(phone);
	}

	@Test
	void authenticateWhenTheCodeIsWrongThenTheVerificationIsNotUsedUp() {
		this.client.answers.add(new WrongOtpException());
		this.client.answers.add(XellarWalletCredentials.noWallet("access-token"));

		assertThatExceptionOfType(WrongOtpException.class)
			.isThrownBy(() -> this.provider.authenticate(request("verification-2", "000000")));
		assertThat(this.provider.authenticate(request("verification-2", "123456")).isAuthenticated()).isTrue();
		assertThat(this.mapped).hasValue(1);
	}

	@Test
	void authenticateWhenTheVerificationWasEndedMeanwhileThenRefusedAndTheMapperNeverRuns() {
		// what TelegramLoginLogoutHandler records when the browser logs out while Xellar checks the code
		this.store.useOnce(StoreKeys.key(XellarAuthenticationProvider.USED_VERIFICATION_NAMESPACE, "verification-3"),
				java.time.Instant.now().plusSeconds(60));
		this.client.answers.add(XellarWalletCredentials.noWallet("access-token"));

		assertThatExceptionOfType(ExpiredVerificationException.class)
			.isThrownBy(() -> this.provider.authenticate(request("verification-3", "123456")));
		assertThat(this.mapped).hasValue(0);
	}

	private static XellarOtpAuthenticationToken request(String verificationToken, String otp) {
		return XellarOtpAuthenticationToken.unauthenticated("+15550001111", verificationToken, otp);
	}

	/** Answers verifications from a script: credentials, or an exception to throw. */
	private static final class ScriptedClient implements XellarClient {

		private final Deque<Object> answers = new ArrayDeque<>();

		@Override
		public XellarOtpChallenge sendOtp(String phoneNumber) {
			throw new UnsupportedOperationException();
		}

		@Override
		public XellarWalletCredentials verifyOtp(String verificationToken, String otp) {
			Object answer = this.answers.removeFirst();
			if (answer instanceof RuntimeException ex) {
				throw ex;
			}
			return (XellarWalletCredentials) answer;
		}

		@Override
		public XellarWalletCreation createWallet(String accessToken) {
			throw new UnsupportedOperationException();
		}

		@Override
		public XellarWalletCredentials refresh(XellarWalletCredentials credentials) {
			throw new UnsupportedOperationException();
		}

	}

}
