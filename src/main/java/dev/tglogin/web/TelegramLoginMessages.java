package dev.tglogin.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.util.Assert;

/**
 * The texts of the default login page, of {@code tglogin.js} and of the error {@code message}s, in the request's
 * language.
 * <p>
 * The library's own bundle is {@code dev/tglogin/messages*.properties} (UTF-8): English, Russian, Ukrainian, Spanish,
 * Portuguese (Brazil, also served for {@code pt}), Indonesian and Persian. An application's {@link MessageSource}
 * ({@link #withOverrides(MessageSource)}) is asked first for every key, so an app overrides any text, in any
 * language, in its own {@code messages.properties}; what it does not define comes from the library's bundle, whose
 * last resort is English (never the server's default locale).
 * <p>
 * The locale is the one Spring resolved for the request ({@link LocaleContextHolder}, set by Spring's
 * {@code RequestContextFilter}, which Spring Boot registers before the security filters), else
 * {@link HttpServletRequest#getLocale()} ({@code Accept-Language}). Error codes never change with it; only the
 * messages do.
 * <p>
 * This class is thread-safe.
 */
public final class TelegramLoginMessages {

	/** The base name of the library's bundle on the class path. */
	public static final String BASENAME = "dev/tglogin/messages";

	/** The prefix of the texts the page hands to {@code tglogin.js}. */
	static final String CLIENT_PREFIX = "tglogin.client.";

	/** The keys (after {@link #CLIENT_PREFIX}) of the texts {@code tglogin.js} uses. */
	static final List<String> CLIENT_KEYS = List.of("start", "openTelegram", "retry", "qrAlt", "phoneLabel", "send",
			"otpLabel", "verify", "resend", "change", "starting", "waitingDesktop", "waitingMobile", "confirmed",
			"cancelled", "expired", "used", "no-pending", "connection", "busy", "unreachable", "forbidden",
			"unavailable", "serverError", "unexpected", "badLink", "failed", "tooManyRequests", "sending", "codeSent",
			"badPhone", "verifying", "badOtp", "wrongCode", "wrongCodeAttempts", "otpExpired", "tooManyAttempts",
			"noPendingCode", "refused");

	private static final TelegramLoginMessages LIBRARY = new TelegramLoginMessages(librarySource());

	private final MessageSource source;

	private TelegramLoginMessages(MessageSource source) {
		this.source = source;
	}

	/**
	 * Returns the library's own texts.
	 * @return the messages
	 */
	public static TelegramLoginMessages library() {
		return LIBRARY;
	}

	/**
	 * Returns the library's texts with an application's {@link MessageSource} in front: a key the application
	 * defines wins, in every language it defines it for (its {@code messages.properties} for all languages it has no
	 * more specific file for).
	 * @param applicationMessages the application's messages, e.g. the {@code ApplicationContext}
	 * @return the messages
	 */
	public static TelegramLoginMessages withOverrides(MessageSource applicationMessages) {
		Assert.notNull(applicationMessages, "applicationMessages cannot be null");
		return new TelegramLoginMessages(new OverridingMessageSource(applicationMessages, LIBRARY.source));
	}

	/**
	 * Returns the locale of a request: Spring's {@link LocaleContextHolder} when a locale was resolved for this
	 * thread, else the request's {@code Accept-Language}.
	 * @param request the request
	 * @return the locale
	 */
	public Locale locale(HttpServletRequest request) {
		LocaleContext context = LocaleContextHolder.getLocaleContext();
		Locale locale = (context != null) ? context.getLocale() : null;
		return (locale != null) ? locale : request.getLocale();
	}

	/**
	 * Returns a text.
	 * @param code the key, e.g. {@code tglogin.page.title}
	 * @param locale the locale
	 * @param arguments the values of the {@code {0}}, {@code {1}}, ... placeholders
	 * @return the text
	 * @throws org.springframework.context.NoSuchMessageException when no bundle defines the key
	 */
	public String get(String code, Locale locale, Object... arguments) {
		return this.source.getMessage(code, (arguments.length > 0) ? arguments : null, locale);
	}

	/**
	 * Returns an error with its message in the request's language; status, code and {@code Retry-After} unchanged.
	 * @param error the error
	 * @param request the request
	 * @return the error to send
	 */
	public TelegramLoginError localize(TelegramLoginError error, HttpServletRequest request) {
		return error.withMessage(this.source.getMessage(error, locale(request)));
	}

	/**
	 * Returns the texts of {@code tglogin.js} by their short key ({@code start}, {@code codeSent}, ...), raw
	 * ({@code {0}} placeholders are left for the script): the JSON object of the {@code tglogin_messages} meta tag,
	 * for an app's own login page that wants the script in the request's language too.
	 * @param locale the locale
	 * @return the texts, always in the same order
	 */
	public Map<String, String> clientTexts(Locale locale) {
		Map<String, String> texts = new LinkedHashMap<>();
		for (String key : CLIENT_KEYS) {
			texts.put(key, this.source.getMessage(CLIENT_PREFIX + key, null, locale));
		}
		return texts;
	}

	private static MessageSource librarySource() {
		ResourceBundleMessageSource source = new ResourceBundleMessageSource();
		source.setBasename(BASENAME);
		source.setDefaultEncoding(StandardCharsets.UTF_8.name());
		// the last resort is the English base bundle, never the language the server happens to run in
		source.setFallbackToSystemLocale(false);
		source.setBundleClassLoader(TelegramLoginMessages.class.getClassLoader());
		return source;
	}

	/** Resolves a key from the application's messages first, else from the library's. */
	private record OverridingMessageSource(MessageSource application, MessageSource library) implements MessageSource {

		@Override
		public @Nullable String getMessage(String code, Object @Nullable [] args, @Nullable String defaultMessage,
				Locale locale) {
			String message = fromApplication(code, args, locale);
			return (message != null) ? message : this.library.getMessage(code, args, defaultMessage, locale);
		}

		@Override
		public String getMessage(String code, Object @Nullable [] args, Locale locale) {
			String message = fromApplication(code, args, locale);
			return (message != null) ? message : this.library.getMessage(code, args, locale);
		}

		@Override
		public String getMessage(MessageSourceResolvable resolvable, Locale locale) {
			String[] codes = resolvable.getCodes();
			for (String code : (codes != null) ? codes : new String[0]) {
				String message = fromApplication(code, resolvable.getArguments(), locale);
				if (message != null) {
					return message;
				}
			}
			return this.library.getMessage(resolvable, locale);
		}

		/** The application's text, or {@code null} (also when it answers with the code itself as the default). */
		private @Nullable String fromApplication(String code, Object @Nullable [] args, Locale locale) {
			String message = this.application.getMessage(code, args, null, locale);
			return (message != null && !message.equals(code)) ? message : null;
		}

	}

}
