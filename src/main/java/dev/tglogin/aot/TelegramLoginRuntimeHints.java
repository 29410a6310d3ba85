package dev.tglogin.aot;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What a native image of an app with tglogin needs beyond what Spring finds by itself:
 * <ul>
 * <li>the browser client and styles served from {@code META-INF/resources/tglogin/}, the JDBC store's schema
 * files and the message bundle {@code dev/tglogin/messages*.properties};</li>
 * <li>the types a JSON session stores through the Jackson mixins of {@code dev.tglogin.jackson} (fields and private
 * creators), and the mixins;</li>
 * <li>Spring Security 7's {@code FactorGrantedAuthority} and its builder, which {@code TelegramFactor} looks up by
 * name so that the library also runs on Spring Security 6.</li>
 * </ul>
 * No serialization hints: Spring Framework 7 deprecates them for removal, and the session-stored types are plain
 * {@code Serializable} classes. Registered in {@code META-INF/spring/aot.factories}.
 */
final class TelegramLoginRuntimeHints implements RuntimeHintsRegistrar {

	static final String FACTOR_CLASS = "org.springframework.security.core.authority.FactorGrantedAuthority";

	/** The types a JSON session stores through the library's Jackson mixins, and the mixins themselves. */
	static final java.util.List<String> JSON_SESSION_TYPES = java.util.List.of("dev.tglogin.core.TelegramUser",
			"dev.tglogin.core.TelegramAuthenticationToken", "dev.tglogin.xellar.XellarWalletCredentials",
			"dev.tglogin.xellar.WalletAddress", "dev.tglogin.web.PendingBondifyLogin",
			"dev.tglogin.web.PendingXellarLogin", "dev.tglogin.jackson.TelegramUserMixin",
			"dev.tglogin.jackson.TelegramAuthenticationTokenMixin", "dev.tglogin.jackson.XellarWalletCredentialsMixin",
			"dev.tglogin.jackson.WalletAddressMixin", "dev.tglogin.jackson.PendingBondifyLoginMixin",
			"dev.tglogin.jackson.PendingXellarLoginMixin");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("META-INF/resources/tglogin/*");
		hints.resources().registerPattern("dev/tglogin/store/schema-*.sql");
		hints.resources().registerResourceBundle("dev/tglogin/messages");
		// the JSON session mixins (dev.tglogin.jackson) read and write these types' fields and private creators
		for (String type : JSON_SESSION_TYPES) {
			hints.reflection()
				.registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
						MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.DECLARED_FIELDS);
		}
		if (ClassUtils.isPresent(FACTOR_CLASS, classLoader)) {
			hints.reflection()
				.registerType(TypeReference.of(FACTOR_CLASS), MemberCategory.INVOKE_PUBLIC_METHODS)
				.registerType(TypeReference.of(FACTOR_CLASS + "$Builder"), MemberCategory.INVOKE_PUBLIC_METHODS);
		}
	}

}
