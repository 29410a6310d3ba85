package dev.tglogin.test.web;

import org.jspecify.annotations.Nullable;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.test.context.MockTelegramAuthentication;

/**
 * MockMvc request post-processors for Telegram logins, beside Spring Security's
 * {@link SecurityMockMvcRequestPostProcessors}:
 * <pre>
 * mvc.perform(get("/profile").with(telegramUser("42").username("alice")))
 * mvc.perform(post("/wallet").with(telegramUser("7").flow(TelegramLoginFlow.XELLAR).walletCreated(true)).with(csrf()))
 * </pre>
 * The request runs as the {@code TelegramAuthenticationToken} that {@link MockTelegramAuthentication} builds (the
 * same as {@code @WithMockTelegramUser}), saved through the app's {@code SecurityContextRepository} as
 * {@code SecurityMockMvcRequestPostProcessors.authentication(..)} does. Needs MockMvc with Spring Security applied
 * ({@code @AutoConfigureMockMvc}, or {@code springSecurity()}).
 */
public final class TelegramLoginRequestPostProcessors {

	private TelegramLoginRequestPostProcessors() {
	}

	/**
	 * Logs the request in as a Telegram user with the given id (a Bondify login with {@code ROLE_USER} until told
	 * otherwise).
	 * @param id the stable id, {@code Authentication.getName()}
	 * @return the post-processor, to refine further
	 */
	public static TelegramUserRequestPostProcessor telegramUser(String id) {
		return new TelegramUserRequestPostProcessor(MockTelegramAuthentication.withId(id));
	}

	/**
	 * Logs a request in as a Telegram user; each method sets what {@link MockTelegramAuthentication}'s method of the
	 * same name sets.
	 */
	public static final class TelegramUserRequestPostProcessor implements RequestPostProcessor {

		private final MockTelegramAuthentication authentication;

		private TelegramUserRequestPostProcessor(MockTelegramAuthentication authentication) {
			this.authentication = authentication;
		}

		/**
		 * Sets the flow. Defaults to {@link TelegramLoginFlow#BONDIFY}.
		 * @param flow the flow
		 * @return this post-processor
		 */
		public TelegramUserRequestPostProcessor flow(TelegramLoginFlow flow) {
			this.authentication.flow(flow);
			return this;
		}

		/**
		 * Sets the display name.
		 * @param name the display name, or {@code null}
		 * @return this post-processor
		 */
		public TelegramUserRequestPostProcessor name(@Nullable String name) {
			this.authentication.name(name);
			return this;
		}

		/**
		 * Sets the Telegram handle.
		 * @param username the handle without {@code @}, or {@code null}
		 * @return this post-processor
		 */
		public TelegramUserRequestPostProcessor username(@Nullable String username) {
			this.authentication.username(username);
			return this;
		}

		/**
		 * Sets the phone number.
		 * @param phone the phone number, or {@code null}
		 * @return this post-processor
		 */
		public TelegramUserRequestPostProcessor phone(@Nullable String phone) {
			this.authentication.phone(phone);
			return this;
		}

		/**
		 * Sets whether the user has a Xellar wallet (Xellar logins only).
		 * @param walletCreated whether the wallet exists
		 * @return this post-processor
		 */
		public TelegramUserRequestPostProcessor walletCreated(boolean walletCreated) {
			this.authentication.walletCreated(walletCreated);
			return this;
		}

		/**
		 * Sets the authorities the app's user mapper would grant. Defaults to {@code ROLE_USER}.
		 * @param authorities the authorities
		 * @return this post-processor
		 */
		public TelegramUserRequestPostProcessor authorities(String... authorities) {
			this.authentication.authorities(authorities);
			return this;
		}

		@Override
		public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
			return SecurityMockMvcRequestPostProcessors.authentication(this.authentication.build())
				.postProcessRequest(request);
		}

	}

}
