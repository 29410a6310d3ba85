package dev.tglogin.jackson;

import tools.jackson.core.Version;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.security.jackson.SecurityJacksonModule;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.xellar.WalletAddress;
import dev.tglogin.xellar.XellarWalletCredentials;

/**
 * Jackson 3 module (Spring Security 7) that lets a JSON session store keep a Telegram login's
 * {@code Authentication}: the {@link TelegramAuthenticationToken}, its {@link TelegramUser} and the
 * {@link XellarWalletCredentials} of a Xellar login, and the logins in progress the default pending-login repository
 * keeps in the session ({@link PendingBondifyLogin}, {@link PendingXellarLogin}). {@code SecurityJacksonModules}
 * finds only Spring Security's own
 * modules, so add this one and its types to the same allow-list builder:
 * <pre>
 * TelegramLoginJacksonModule telegram = new TelegramLoginJacksonModule();
 * BasicPolymorphicTypeValidator.Builder types = BasicPolymorphicTypeValidator.builder();
 * telegram.configurePolymorphicTypeValidator(types);
 * JsonMapper mapper = JsonMapper.builder()
 *     .addModules(SecurityJacksonModules.getModules(classLoader, types))
 *     .addModule(telegram)
 *     .build();
 * </pre>
 * Any other type (an application principal, say) needs its own mixin and allow-list entry. The wallet tokens are
 * stored in clear, as in a Java-serialized session; they still never appear in {@code toString()}.
 * <p>
 * Spring Security 7 and Jackson 3 only: the jar carries this class on Spring Security 6.5 too, but nothing in the
 * library loads it, and on 6.5 (no {@code SecurityJacksonModule}) it cannot be loaded; use
 * {@link TelegramLoginJackson2Module} there.
 */
public final class TelegramLoginJacksonModule extends SecurityJacksonModule {

	public TelegramLoginJacksonModule() {
		super(TelegramLoginJacksonModule.class.getName(), Version.unknownVersion());
	}

	@Override
	public void configurePolymorphicTypeValidator(BasicPolymorphicTypeValidator.Builder builder) {
		builder.allowIfSubType(TelegramAuthenticationToken.class)
			.allowIfSubType(TelegramUser.class)
			.allowIfSubType(XellarWalletCredentials.class)
			.allowIfSubType(WalletAddress.class)
			.allowIfSubType(PendingBondifyLogin.class)
			.allowIfSubType(PendingXellarLogin.class);
	}

	@Override
	public void setupModule(SetupContext context) {
		context.setMixIn(TelegramAuthenticationToken.class, TelegramAuthenticationTokenMixin.class);
		context.setMixIn(TelegramUser.class, TelegramUserMixin.class);
		context.setMixIn(XellarWalletCredentials.class, XellarWalletCredentialsMixin.class);
		context.setMixIn(WalletAddress.class, WalletAddressMixin.class);
		context.setMixIn(PendingBondifyLogin.class, PendingBondifyLoginMixin.class);
		context.setMixIn(PendingXellarLogin.class, PendingXellarLoginMixin.class);
	}

}
