package dev.tglogin.jackson;

import java.io.Serial;

import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.module.SimpleModule;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.xellar.WalletAddress;
import dev.tglogin.xellar.XellarWalletCredentials;

/**
 * Jackson 2 module that lets a JSON session store keep a Telegram login's {@code Authentication}: the
 * {@link TelegramAuthenticationToken}, its {@link TelegramUser} and the {@link XellarWalletCredentials} of a Xellar
 * login, and the logins in progress the default pending-login repository keeps in the session
 * ({@code PendingBondifyLogin}, {@code PendingXellarLogin}). Register it beside Spring Security's modules, which bring
 * the details ({@code WebAuthenticationDetails}), the authorities and the type allow-list, and Jackson's
 * {@code JavaTimeModule} (a pending login's expiry is an {@code Instant}):
 * <pre>
 * ObjectMapper mapper = new ObjectMapper();
 * mapper.registerModules(SecurityJackson2Modules.getModules(classLoader));
 * mapper.registerModule(new JavaTimeModule());
 * mapper.registerModule(new TelegramLoginJackson2Module());
 * </pre>
 * {@code SecurityJackson2Modules} finds only Spring Security's own modules, so this one is registered by hand. Its
 * mixins are what admit the library's types to Spring Security's allow-list; any other type (an application
 * principal, say) needs its own mixin. With Spring Security 7 prefer Jackson 3 and {@code TelegramLoginJacksonModule}:
 * Spring Security deprecates its Jackson 2 support for removal.
 * <p>
 * The wallet tokens are stored in clear, as in a Java-serialized session; they still never appear in
 * {@code toString()}.
 */
public final class TelegramLoginJackson2Module extends SimpleModule {

	@Serial
	private static final long serialVersionUID = 1L;

	public TelegramLoginJackson2Module() {
		super(TelegramLoginJackson2Module.class.getName(), Version.unknownVersion());
	}

	@Override
	public void setupModule(SetupContext context) {
		context.setMixInAnnotations(TelegramAuthenticationToken.class, TelegramAuthenticationTokenMixin.class);
		context.setMixInAnnotations(TelegramUser.class, TelegramUserMixin.class);
		context.setMixInAnnotations(XellarWalletCredentials.class, XellarWalletCredentialsMixin.class);
		context.setMixInAnnotations(WalletAddress.class, WalletAddressMixin.class);
		context.setMixInAnnotations(PendingBondifyLogin.class, PendingBondifyLoginMixin.class);
		context.setMixInAnnotations(PendingXellarLogin.class, PendingXellarLoginMixin.class);
	}

}
