package dev.tglogin.emulator.boot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

import dev.tglogin.autoconfigure.TelegramLoginAutoConfiguration;
import dev.tglogin.autoconfigure.TelegramLoginProperties;
import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifySession;
import dev.tglogin.bondify.BondifyStatus;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatorServlet;
import dev.tglogin.emulator.MiniAppEmulator;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.miniapp.MiniAppInitDataValidator;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.PhoneNumberFormat;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarOtpChallenge;
import dev.tglogin.xellar.XellarWalletCreation;
import dev.tglogin.xellar.XellarWalletCredentials;
import dev.tglogin.xellar.XellarWalletOptions;
import dev.tglogin.xellar.XellarWalletService;

/**
 * {@code tglogin.emulator.enabled=true}: mounts the emulator of both upstreams, of Telegram's Mini App launch (whose
 * launcher opens the login page with init data signed for the emulated bot) and of Telegram's OpenID provider under
 * {@code tglogin.emulator.path}
 * (outside Spring Security: it plays the upstreams, which have their own credentials) and points the flows at it
 * over real HTTP on this app's own port, with the emulator's own random secrets. Development and tests only; the
 * properties refuse to combine it with real credentials, and it refuses to start when {@code server.address} is not
 * a loopback address (unset means every interface) unless {@code tglogin.emulator.allow-remote-access=true}: anyone
 * who reaches the emulator can log in as anyone. Its servlet also refuses requests from non-loopback addresses
 * unless that property allows them. A warning banner is logged on every start. With
 * {@code tglogin.bondify.webhook.enabled=true} the emulated Bondify also sends its signed webhooks to this app's
 * {@code <base-path>/webhook}, after {@code tglogin.emulator.webhook-delay}, so the webhook path runs in development.
 * <p>
 * Listed in this artifact's own {@code META-INF/spring/...AutoConfiguration.imports}: it exists only in an app that
 * adds the emulator artifact ({@code dev.tglogin:tglogin} with the classifier {@code emulator}), never through the
 * library. It runs before {@link TelegramLoginAutoConfiguration}, so its clients and verifiers are the ones the
 * library finds; an app's own beans still win.
 */
@AutoConfiguration(before = TelegramLoginAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, WebSecurityCustomizer.class })
@ConditionalOnProperty(prefix = "tglogin.emulator", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(TelegramLoginProperties.class)
public final class TelegramLoginEmulatorAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TelegramLoginEmulatorAutoConfiguration.class);

	/** Telegram's OpenID Connect login on the emulator, unless the app has a client id of its own. */
	@Bean
	static OidcEmulatorProperties tgloginOidcEmulatorProperties() {
		return new OidcEmulatorProperties();
	}

	@Bean
	BondifyEmulator tgloginBondifyEmulator(TelegramLoginProperties properties, Environment environment) {
		BondifyEmulator.Builder builder = BondifyEmulator.builder()
			.sessionLifetime(properties.getEmulator().getSessionLifetime());
		if (properties.getBondify().getWebhook().isEnabled()) {
			// Bondify's webhooks, signed with the emulator's secret, to this app's own webhook endpoint
			builder.webhookUrl(() -> appUrl(environment) + properties.getBasePath() + "/webhook")
				.webhookDelay(properties.getEmulator().getWebhookDelay());
		}
		return builder.build();
	}

	@Bean
	XellarEmulator tgloginXellarEmulator(TelegramLoginProperties properties) {
		// digits-only phone numbers, like Xellar, unless the app sends them with a + on purpose
		return XellarEmulator.builder()
			.loginInterval(properties.getEmulator().getOtpRequestInterval())
			.acceptPlus(properties.getXellar().getPhoneNumberFormat() != PhoneNumberFormat.DIGITS)
			.build();
	}

	@Bean
	MiniAppEmulator tgloginMiniAppEmulator() {
		return new MiniAppEmulator();
	}

	@Bean
	ServletRegistrationBean<EmulatorServlet> tgloginEmulatorServlet(TelegramLoginProperties properties,
			BondifyEmulator bondify, XellarEmulator xellar, MiniAppEmulator miniApp, Environment environment) {
		boolean remote = properties.getEmulator().isAllowRemoteAccess();
		String address = environment.getProperty("server.address");
		if (!remote) {
			requireLoopback(address);
		}
		EmulatorServlet servlet = new EmulatorServlet(bondify, xellar, miniApp,
				OidcEmulatorProperties.emulator(environment));
		servlet.setRemoteAccessAllowed(remote);
		servlet.setMiniAppPath(properties.getBasePath());
		ServletRegistrationBean<EmulatorServlet> registration = new ServletRegistrationBean<>(servlet,
				properties.getEmulator().getPath() + "/*");
		registration.setName("tgloginEmulator");
		String nl = System.lineSeparator();
		String line = "****************************************************************************";
		logger.warn(nl + line + nl
				+ "* tglogin EMULATOR IS ON at " + properties.getEmulator().getPath() + "/telegram:" + nl
				+ "* logins are NOT real, and whoever reaches the emulator can log in as anyone." + nl
				+ (remote ? "* REACHABLE FROM OTHER HOSTS: tglogin.emulator.allow-remote-access=true"
						+ ((address != null) ? " (server.address=" + address + ")" : " (server.address not set)")
						: "* Answers loopback requests only (server.address=" + address + ").") + nl
				+ "* Development and tests only: NEVER enable tglogin.emulator in production." + nl + line);
		return registration;
	}

	/**
	 * Refuses a server that listens beyond loopback: {@code server.address} unset (every interface), a wildcard or
	 * any address that is not loopback.
	 */
	private static void requireLoopback(@Nullable String address) {
		String problem;
		if (!StringUtils.hasText(address)) {
			problem = "server.address is not set, so the server listens on every network interface";
		}
		else {
			try {
				if (InetAddress.getByName(address.strip()).isLoopbackAddress()) {
					return;
				}
				problem = "server.address=" + address + " is not a loopback address";
			}
			catch (UnknownHostException ex) {
				problem = "server.address=" + address + " does not resolve";
			}
		}
		throw new IllegalStateException("tglogin.emulator.enabled=true refuses to start: " + problem
				+ ", and anyone who reaches the emulator can log in as anyone. Set server.address=127.0.0.1 "
				+ "(or ::1, localhost), or tglogin.emulator.allow-remote-access=true to expose it on purpose");
	}

	@Bean
	WebSecurityCustomizer tgloginEmulatorWebSecurityCustomizer(TelegramLoginProperties properties) {
		return (web) -> web.ignoring()
			.requestMatchers(PathPatternRequestMatcher.withDefaults()
				.matcher(properties.getEmulator().getPath() + "/**"));
	}

	/** The Mini App flow, checking init data with the emulated bot's token. */
	@Bean
	@ConditionalOnMissingBean
	MiniAppInitDataValidator miniAppInitDataValidator(MiniAppEmulator emulator, TelegramLoginProperties properties) {
		MiniAppInitDataValidator validator = MiniAppInitDataValidator.withBotToken(emulator.botToken());
		validator.setMaxAge(properties.getMiniApp().getMaxAge());
		return validator;
	}

	@Bean
	@ConditionalOnMissingBean
	BondifyProofVerifier bondifyProofVerifier(BondifyEmulator emulator) {
		return new BondifyProofVerifier(emulator.projectId(), emulator.secret());
	}

	@Bean
	@ConditionalOnMissingBean
	BondifyWebhookVerifier bondifyWebhookVerifier(BondifyEmulator emulator) {
		return new BondifyWebhookVerifier(emulator.secret());
	}

	@Bean
	@ConditionalOnMissingBean
	BondifyClient bondifyClient(TelegramLoginProperties properties, BondifyEmulator emulator, Environment environment,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		Supplier<BondifyClient> client = SingletonSupplier
			.of(() -> new HttpBondifyClient(upstream("bondify", properties, observationRegistry),
					localUrl(environment, properties), emulator.projectId()));
		return new BondifyClient() {

			@Override
			public BondifySession generate() {
				return client.get().generate();
			}

			@Override
			public BondifyStatus status(String sessionToken) {
				return client.get().status(sessionToken);
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean
	XellarClient xellarClient(TelegramLoginProperties properties, XellarEmulator emulator, Environment environment,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		Supplier<XellarClient> client = SingletonSupplier
			.of(() -> new HttpXellarClient(upstream("xellar", properties, observationRegistry),
					localUrl(environment, properties), properties.getXellar().getApiVersion(), emulator.clientSecret()));
		return new XellarClient() {

			@Override
			public XellarOtpChallenge sendOtp(String phoneNumber) {
				return client.get().sendOtp(phoneNumber);
			}

			@Override
			public XellarWalletCredentials verifyOtp(String verificationToken, String otp) {
				return client.get().verifyOtp(verificationToken, otp);
			}

			@Override
			public XellarWalletCreation createWallet(String accessToken) {
				return client.get().createWallet(accessToken);
			}

			@Override
			public XellarWalletCreation createWallet(String accessToken, XellarWalletOptions options) {
				return client.get().createWallet(accessToken, options);
			}

			@Override
			public XellarWalletCredentials refresh(XellarWalletCredentials credentials) {
				return client.get().refresh(credentials);
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean
	XellarWalletService xellarWalletService(XellarClient client) {
		return new XellarWalletService(client);
	}

	private static UpstreamHttpClient upstream(String name, TelegramLoginProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		UpstreamHttpClient http = new UpstreamHttpClient(name, properties.getHttp().getConnectTimeout(),
				properties.getHttp().getReadTimeout());
		http.setObservationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		return http;
	}

	/** The emulator's URL on this app's own port, known once the web server has started. */
	private static String localUrl(Environment environment, TelegramLoginProperties properties) {
		return appUrl(environment) + properties.getEmulator().getPath();
	}

	/** This app's own URL (with its context path), known once the web server has started. */
	private static String appUrl(Environment environment) {
		String port = environment.getProperty("local.server.port");
		if (port == null) {
			throw new IllegalStateException("The Telegram login emulator is used before the web server has started");
		}
		String address = environment.getProperty("server.address");
		String host = (!StringUtils.hasText(address) || "0.0.0.0".equals(address) || "::".equals(address))
				? "127.0.0.1" : (address.contains(":") ? "[" + address + "]" : address);
		String contextPath = environment.getProperty("server.servlet.context-path", "");
		return "http://" + host + ":" + port + contextPath;
	}

}
