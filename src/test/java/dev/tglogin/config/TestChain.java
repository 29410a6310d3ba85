package dev.tglogin.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.context.support.GenericWebApplicationContext;

import dev.tglogin.test.ChainFilters;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;

/**
 * A real {@code SecurityFilterChain} built by {@code @EnableWebSecurity} with the {@code telegramLogin()} DSL, in a
 * small web application context (no server): its filters, and requests sent through it with mock requests.
 */
final class TestChain implements AutoCloseable {

	private final GenericWebApplicationContext context = new GenericWebApplicationContext(new MockServletContext());

	private TestChain(Customizer<TelegramLoginConfigurer> telegram, Customizer<HttpSecurity> more,
			Consumer<GenericWebApplicationContext> beans) {
		new AnnotatedBeanDefinitionReader(this.context).register(SecurityConfig.class);
		this.context.registerBean(Settings.class, () -> new Settings(telegram, more));
		beans.accept(this.context);
		this.context.refresh();
	}

	/** Builds the chain: login required everywhere, form login and {@code telegramLogin()}. */
	static TestChain build(Customizer<TelegramLoginConfigurer> telegram) {
		return build(telegram, (beans) -> {
		});
	}

	/** Builds the chain with beans of the application's. */
	static TestChain build(Customizer<TelegramLoginConfigurer> telegram,
			Consumer<GenericWebApplicationContext> beans) {
		return new TestChain(telegram, Customizer.withDefaults(), beans);
	}

	/** Builds the chain without CSRF protection (to send POSTs without a token), with beans of the application's. */
	static TestChain withoutCsrf(Customizer<TelegramLoginConfigurer> telegram,
			Consumer<GenericWebApplicationContext> beans) {
		return new TestChain(telegram, (http) -> {
			try {
				// csrf(..) declares Exception on Spring Security 6.5
				http.csrf((csrf) -> csrf.disable());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, beans);
	}

	/** Builds the chain without CSRF protection, with beans of the application's and more of the chain's settings. */
	static TestChain withoutCsrf(Customizer<TelegramLoginConfigurer> telegram,
			Consumer<GenericWebApplicationContext> beans, Customizer<HttpSecurity> more) {
		return new TestChain(telegram, (http) -> {
			try {
				http.csrf((csrf) -> csrf.disable());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			more.customize(http);
		}, beans);
	}

	GenericWebApplicationContext context() {
		return this.context;
	}

	/** The chain's filters, in order, with the login endpoints' filters in their gate's place. */
	List<Filter> filters() {
		return ChainFilters.flat(chainFilters());
	}

	/** The chain's own filters, in order (the login endpoints' behind their gate). */
	List<Filter> chainFilters() {
		return this.context.getBean(SecurityFilterChain.class).getFilters();
	}

	/** The classes of the chain's filters, in order. */
	List<Class<?>> filterTypes() {
		List<Class<?>> types = new ArrayList<>();
		filters().forEach((filter) -> types.add(filter.getClass()));
		return types;
	}

	/** Sends a JSON POST through the chain, in the given session (or a new one when {@code null}). */
	MockHttpServletResponse post(String path, String json, HttpSession session) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setContentType("application/json");
		request.setContent(json.getBytes(StandardCharsets.UTF_8));
		request.addHeader("Accept", "application/json");
		request.setRemoteAddr("192.0.2.1");
		if (session != null) {
			request.setSession(session);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.context.getBean("springSecurityFilterChain", FilterChainProxy.class)
			.doFilter(request, response, new MockFilterChain());
		return response;
	}

	@Override
	public void close() {
		this.context.close();
	}

	record Settings(Customizer<TelegramLoginConfigurer> telegram, Customizer<HttpSecurity> more) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class SecurityConfig {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, Settings settings) throws Exception {
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.with(telegramLogin(), settings.telegram());
			settings.more().customize(http);
			return http.build();
		}

	}

}
