package dev.tglogin.test.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;

/**
 * Runs a test as a user logged in with Telegram, as {@code @WithMockUser} does for a user name and password: the
 * {@code SecurityContext} holds the {@link TelegramAuthenticationToken} a real login with the default user mapper
 * makes (see {@link MockTelegramAuthentication}). On a test class it applies to every test method.
 * <pre>
 * &#64;Test
 * &#64;WithMockTelegramUser(id = "42", username = "alice", flow = TelegramLoginFlow.XELLAR, walletCreated = true)
 * void walletPageShowsTheAddress() { ... }
 * </pre>
 * Works with MockMvc ({@code @AutoConfigureMockMvc}, {@code MockMvcBuilders} with {@code springSecurity()}) and with
 * method security; a test that calls a running server over HTTP logs in through the emulator instead (see
 * {@code dev.tglogin.test.emulator}).
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithMockTelegramUserSecurityContextFactory.class)
public @interface WithMockTelegramUser {

	/**
	 * Alias for {@link #id()}.
	 * @return the id
	 */
	@AliasFor("id")
	String value() default MockTelegramAuthentication.DEFAULT_ID;

	/**
	 * The stable id, {@code Authentication.getName()}: the Telegram id (Bondify) or the Xellar user id (Xellar).
	 * Defaults to {@value MockTelegramAuthentication#DEFAULT_ID}.
	 * @return the id
	 */
	@AliasFor("value")
	String id() default MockTelegramAuthentication.DEFAULT_ID;

	/**
	 * The flow that logged the user in. Defaults to {@link TelegramLoginFlow#BONDIFY}.
	 * @return the flow
	 */
	TelegramLoginFlow flow() default TelegramLoginFlow.BONDIFY;

	/**
	 * The display name; empty for the username, else the id.
	 * @return the display name
	 */
	String name() default "";

	/**
	 * The Telegram handle without {@code @}; empty for none.
	 * @return the handle
	 */
	String username() default "";

	/**
	 * The phone number; empty for none.
	 * @return the phone number
	 */
	String phone() default "";

	/**
	 * Whether the user has a Xellar wallet (only with {@code flow = XELLAR}). Defaults to {@code false}: a Xellar
	 * login then carries the access token that creates a wallet.
	 * @return whether the wallet exists
	 */
	boolean walletCreated() default false;

	/**
	 * The authorities the app's user mapper would grant; the factor authority {@code FACTOR_TELEGRAM} is added on
	 * Spring Security 7. Defaults to {@code ROLE_USER}.
	 * @return the authorities
	 */
	String[] authorities() default { "ROLE_USER" };

	/**
	 * When the {@code SecurityContext} is set up. Defaults to before the test method, like {@code @WithMockUser}.
	 * @return the event
	 */
	@AliasFor(annotation = WithSecurityContext.class)
	TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

}
