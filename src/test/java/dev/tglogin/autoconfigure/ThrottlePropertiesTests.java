package dev.tglogin.autoconfigure;

import java.lang.reflect.Field;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.FilterChainProxy;

import dev.tglogin.web.bondify.BondifyStartFilter;
import dev.tglogin.test.ChainFilters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tglogin.throttle.*} properties: defaults, overrides reaching the filters, and start-up validation.
 */
class ThrottlePropertiesTests {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(BootClasses.securityWithTelegramLogin())
		.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET);

	@Test
	void propertiesHaveTheDocumentedDefaults() {
		this.runner.run((context) -> {
			TelegramLoginProperties.Throttle throttle = context.getBean(TelegramLoginProperties.class).getThrottle();
			assertThat(throttle.isEnabled()).isTrue();
			assertThat(throttle.getStartsPerSession().getLimit()).isEqualTo(10);
			assertThat(throttle.getStartsPerSession().getWindow()).isEqualTo(Duration.ofMinutes(1));
			assertThat(throttle.getStartsPerAddress().getLimit()).isEqualTo(30);
			assertThat(throttle.getStatusPerSession().getLimit()).isEqualTo(60);
			assertThat(throttle.getOtpSendInterval()).isEqualTo(Duration.ofMinutes(1));
			assertThat(throttle.getOtpRequestsPerPhone().getLimit()).isEqualTo(3);
			assertThat(throttle.getOtpRequestsPerPhone().getWindow()).isEqualTo(Duration.ofMinutes(10));
			assertThat(throttle.getOtpVerificationsPerSession().getLimit()).isEqualTo(30);
			assertThat(throttle.getOtpVerificationsPerSession().getWindow()).isEqualTo(Duration.ofMinutes(10));
			assertThat(throttle.getOtpVerificationsPerAddress().getLimit()).isEqualTo(60);
			assertThat(throttle.getOtpVerificationsPerAddress().getWindow()).isEqualTo(Duration.ofMinutes(10));
			assertThat(throttle.getOtpVerificationsPerPhone().getLimit()).isEqualTo(10);
			assertThat(throttle.getOtpVerificationsPerPhone().getWindow()).isEqualTo(Duration.ofHours(1));
			assertThat(throttle.getTrustedProxies()).isEmpty();
			assertThat(throttleOf(context.getBean(FilterChainProxy.class))).contains("starts-per-address=30 per PT1M",
					"otp-send-interval=PT1M",
					"otp-verifications-per-session=30 per PT10M", "otp-verifications-per-address=60 per PT10M",
					"trustedProxies=[]");
		});
	}

	@Test
	void propertiesReachTheFiltersOfTheDefaultChain() {
		this.runner
			.withPropertyValues("tglogin.throttle.starts-per-address.limit=100",
					"tglogin.throttle.starts-per-address.window=5m", "tglogin.throttle.otp-requests-per-phone.limit=0",
					"tglogin.throttle.trusted-proxies=10.0.0.0/8,::1",
					"tglogin.throttle.otp-verifications-per-session.limit=7",
					"tglogin.throttle.otp-verifications-per-session.window=2m",
					"tglogin.throttle.otp-verifications-per-address.limit=0", "tglogin.throttle.otp-send-interval=0s")
			.run((context) -> assertThat(throttleOf(context.getBean(FilterChainProxy.class))).contains(
					"otp-send-interval=PT0S",
					"starts-per-address=100 per PT5M", "otp-requests-per-phone=unlimited",
					"otp-verifications-per-session=7 per PT2M", "otp-verifications-per-address=unlimited",
					"trustedProxies=[10.0.0.0/8, ::1]"));
	}

	@Test
	void throttlingCanBeTurnedOff() {
		this.runner.withPropertyValues("tglogin.throttle.enabled=false")
			.run((context) -> assertThat(throttleOf(context.getBean(FilterChainProxy.class))).isEqualTo("null"));
	}

	@Test
	void invalidValuesFailStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("tglogin.throttle.starts-per-session.limit=-1",
					"tglogin.throttle.status-per-session.window=10ms", "tglogin.throttle.trusted-proxies=proxy.internal",
					"tglogin.throttle.otp-verifications-per-address.limit=-5", "tglogin.throttle.otp-send-interval=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.throttle.otp-send-interval")
				.hasMessageContaining("tglogin.throttle.starts-per-session.limit")
				.hasMessageContaining("tglogin.throttle.status-per-session.window")
				.hasMessageContaining("tglogin.throttle.trusted-proxies")
				.hasMessageContaining("tglogin.throttle.otp-verifications-per-address.limit"));
	}

	private static String throttleOf(FilterChainProxy proxy) throws ReflectiveOperationException {
		BondifyStartFilter start = ChainFilters.of(proxy).stream()
			.filter(BondifyStartFilter.class::isInstance).map(BondifyStartFilter.class::cast).findFirst().orElseThrow();
		Field field = BondifyStartFilter.class.getDeclaredField("throttle");
		field.setAccessible(true);
		return String.valueOf(field.get(start));
	}

}
