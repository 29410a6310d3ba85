package dev.tglogin.autoconfigure;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.web.SecurityFilterChain;

import dev.tglogin.test.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app with Boot's Actuator and no {@code SecurityFilterChain} of its own: the health endpoint stays public as Boot's
 * management chain has it, whether the library's default chain replaces Boot's (a flow is configured, with Bondify
 * only, Xellar only and both) or not (no {@code tglogin.*} property), and the other Actuator endpoints stay behind
 * login.
 */
class ActuatorCoexistenceTests extends CoexistenceTestSupport {

	@ParameterizedTest
	@MethodSource("flows")
	void healthWhenDefaultTelegramChainThenPublicAndOtherEndpointsNeedLogin(List<String> flow) {
		try (ConfigurableApplicationContext context = run(ActuatorApp.class, flow)) {
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).as("the library's default chain")
				.containsOnlyKeys("telegramLoginSecurityFilterChain");
			URI base = base(context);
			// the library's chain sends every unauthenticated request to the Telegram login page
			assertHealthPublicAndActuatorProtected(base, 302);
			assertThat(new Browser(base).get("/").header("Location")).endsWith("/login/telegram");
			String[] call = firstTelegramCall(flow);
			assertThat(new Browser(base).openLoginPage().post(call[0], call[1]).status()).isEqualTo(200);
		}
	}

	@Test
	void healthWhenNoTelegramPropertyThenBootsManagementChainStays() {
		try (ConfigurableApplicationContext context = run(ActuatorApp.class, List.of())) {
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).as("Boot's management chain")
				.containsOnlyKeys("managementSecurityFilterChain");
			// Boot's chain answers JSON clients with HTTP Basic's 401
			assertHealthPublicAndActuatorProtected(base(context), 401);
		}
	}

	private static void assertHealthPublicAndActuatorProtected(URI base, int refused) {
		Browser anonymous = new Browser(base);
		Browser.Response health = anonymous.getJson("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		assertThat(anonymous.getJson("/actuator").status()).isEqualTo(refused);
		assertThat(anonymous.getJson("/actuator/healthz").status()).isEqualTo(refused);
	}

	/** An app with Actuator and no security configuration of its own. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ActuatorApp {

	}

}
