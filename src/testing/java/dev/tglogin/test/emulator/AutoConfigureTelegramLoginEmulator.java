package dev.tglogin.test.emulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs the app of a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} (or {@code DEFINED_PORT}) on the emulator
 * of Bondify and Xellar: sets {@code tglogin.emulator.enabled=true}, binds the server to {@code 127.0.0.1} (the
 * emulator refuses anything else), lets the emulator send a code to one number as often as the test asks
 * ({@code tglogin.emulator.otp-request-interval=0s}; the library's own throttles still apply), and adds the
 * {@link TelegramLoginEmulator} bean that plays the user in Telegram:
 * <pre>
 * &#64;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * &#64;AutoConfigureTelegramLoginEmulator
 * class LoginTests {
 *
 *     &#64;Autowired
 *     TelegramLoginEmulator telegram;
 *
 *     &#64;Test
 *     void login() {
 *         // POST /login/telegram/start, then:
 *         this.telegram.confirmPendingLogin("42", "Alice", "alice");
 *         // POST /login/telegram/status answers "confirmed"
 *     }
 *
 * }
 * </pre>
 * Needs the emulator artifact on the test classpath (it comes with {@code tglogin-test}). The test's properties must
 * not hold real Bondify or Xellar credentials or base URLs: the emulator refuses to start beside them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = { "tglogin.emulator.enabled=true", "server.address=127.0.0.1",
		"tglogin.emulator.otp-request-interval=0s" })
@Import(TelegramLoginEmulator.class)
public @interface AutoConfigureTelegramLoginEmulator {

}
