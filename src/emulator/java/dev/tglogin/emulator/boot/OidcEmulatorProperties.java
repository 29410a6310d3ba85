package dev.tglogin.emulator.boot;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.tglogin.emulator.EmulatorServlet;
import dev.tglogin.emulator.OidcEmulator;

/**
 * Points Telegram's OpenID Connect login ({@code tglogin.telegram.*}) at the emulated OpenID provider when the app
 * sets no client id of its own and has {@code spring-security-oauth2-client} and {@code spring-security-oauth2-jose}
 * (without them the app keeps the other flows only): a property source, last in line, with the emulator's client id, a
 * random client
 * secret and the issuer on this app's own port ({@code ${local.server.port}}, resolved by the library at the first
 * login, once the server runs).
 */
final class OidcEmulatorProperties implements BeanFactoryPostProcessor, EnvironmentAware, BeanClassLoaderAware {

	static final String NAME = "tgloginOidcEmulator";

	private static final String OAUTH2_CLIENT = "org.springframework.security.oauth2.client."
			+ "registration.ClientRegistration";

	private static final String OAUTH2_JOSE = "org.springframework.security.oauth2.jwt.NimbusJwtDecoder";

	private static final String CLIENT_ID = "tglogin.telegram.client-id";

	private static final String CLIENT_SECRET = "tglogin.telegram.client-secret";

	private @Nullable ConfigurableEnvironment environment;

	private @Nullable ClassLoader classLoader;

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = (environment instanceof ConfigurableEnvironment configurable) ? configurable : null;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		ConfigurableEnvironment env = this.environment;
		if (env == null || env.containsProperty(CLIENT_ID) || env.getPropertySources().contains(NAME)
				|| !oauth2LoginPresent()) {
			return;
		}
		String address = env.getProperty("server.address");
		String host = (!StringUtils.hasText(address) || "0.0.0.0".equals(address) || "::".equals(address))
				? "127.0.0.1" : (address.contains(":") ? "[" + address + "]" : address);
		String path = env.getProperty("tglogin.emulator.path", "/tglogin-emulator");
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(CLIENT_ID, OidcEmulator.DEFAULT_CLIENT_ID);
		byte[] secret = new byte[24];
		new SecureRandom().nextBytes(secret);
		properties.put(CLIENT_SECRET, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
		properties.put("tglogin.telegram.issuer-uri", "http://" + host + ":${local.server.port}"
				+ env.getProperty("server.servlet.context-path", "") + path + EmulatorServlet.OIDC_ISSUER_PATH);
		env.getPropertySources().addLast(new MapPropertySource(NAME, properties));
	}

	/** Whether the app can have the OpenID Connect login: Spring Security's OAuth2 client and JOSE support. */
	private boolean oauth2LoginPresent() {
		ClassLoader classLoader = (this.classLoader != null) ? this.classLoader
				: OidcEmulatorProperties.class.getClassLoader();
		return ClassUtils.isPresent(OAUTH2_CLIENT, classLoader) && ClassUtils.isPresent(OAUTH2_JOSE, classLoader);
	}

	/**
	 * The emulated provider for the properties this class added, or {@code null} when the app has its own client id.
	 * It signs with the app's {@code tglogin.telegram.jws-algorithm} (RS256 by default), as Telegram signs with the
	 * bot's.
	 */
	static @Nullable OidcEmulator emulator(Environment environment) {
		if (!(environment instanceof ConfigurableEnvironment env) || !env.getPropertySources().contains(NAME)) {
			return null;
		}
		return OidcEmulator.create(env.getRequiredProperty(CLIENT_ID), env.getRequiredProperty(CLIENT_SECRET),
				Clock.systemUTC(), env.getProperty("tglogin.telegram.jws-algorithm", "RS256"));
	}

}
