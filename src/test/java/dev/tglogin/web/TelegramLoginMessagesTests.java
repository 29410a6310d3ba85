package dev.tglogin.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link TelegramLoginMessages} and the library's bundle {@code dev/tglogin/messages*.properties}.
 */
class TelegramLoginMessagesTests {

	/** The shipped languages, by their file suffix (empty: the English base bundle). */
	private static final List<String> LANGUAGES = List.of("", "ru", "uk", "es", "pt", "id", "fa");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

	private final TelegramLoginMessages messages = TelegramLoginMessages.library();

	@AfterEach
	void resetLocaleContext() {
		LocaleContextHolder.resetLocaleContext();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ru", "uk", "es", "pt", "id", "fa" })
	void bundleWhenTranslatedThenSameKeysAsEnglish(String language) throws IOException {
		assertThat(load(language).stringPropertyNames()).as(language)
			.containsExactlyInAnyOrderElementsOf(load("").stringPropertyNames());
	}

	@Test
	void bundleWhenAnyLanguageThenNoEmptyValueNoReplacementCharacterAndValidUtf8() throws IOException {
		for (String language : LANGUAGES) {
			byte[] bytes = bytes(language);
			assertThatNoException().as(language).isThrownBy(() -> StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes)));
			Properties properties = load(language);
			for (String key : properties.stringPropertyNames()) {
				String value = properties.getProperty(key);
				assertThat(value).as(language + " " + key).isNotBlank().isEqualTo(value.strip());
				// mojibake of UTF-8 read as Latin-1 (Ð, Ñ, Ã, Ø, Ù followed by a continuation byte) or a lost character
				assertThat(value).as(language + " " + key)
					.doesNotContain("\uFFFD")
					.doesNotContainPattern("[ÐÑÃØÙ][\u0080-\u00BF]");
			}
		}
	}

	@Test
	void bundleWhenAnyLanguageThenSamePlaceholdersAsEnglishAndValidMessageFormat() throws IOException {
		Properties english = load("");
		for (String language : LANGUAGES) {
			Properties properties = load(language);
			for (String key : english.stringPropertyNames()) {
				String value = properties.getProperty(key);
				assertThat(placeholders(value)).as(language + " " + key)
					.isEqualTo(placeholders(english.getProperty(key)));
				if (!placeholders(value).isEmpty()) {
					// MessageFormat (errors) and tglogin.js (client texts) both read these: a lone ' would be eaten
					assertThat(value).as(language + " " + key).doesNotContain("'");
					assertThatNoException().as(language + " " + key).isThrownBy(() -> new MessageFormat(value));
				}
			}
		}
	}

	@Test
	void bundleWhenClientTextsThenExactlyTheKeysTheScriptUses() throws IOException {
		Set<String> inBundle = load("").stringPropertyNames()
			.stream()
			.filter((key) -> key.startsWith(TelegramLoginMessages.CLIENT_PREFIX))
			.map((key) -> key.substring(TelegramLoginMessages.CLIENT_PREFIX.length()))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(inBundle).containsExactlyInAnyOrderElementsOf(TelegramLoginMessages.CLIENT_KEYS);
	}

	@Test
	void bundleWhenEveryErrorCodeThenItsMessage() throws IOException {
		Properties english = load("");
		for (String code : List.of(TelegramLoginError.INVALID_REQUEST, TelegramLoginError.PAYLOAD_TOO_LARGE,
				TelegramLoginError.NO_PENDING_LOGIN, TelegramLoginError.INVALID_PROOF, TelegramLoginError.LOGIN_REFUSED,
				TelegramLoginError.INVALID_OTP, TelegramLoginError.OTP_EXPIRED, TelegramLoginError.TOO_MANY_ATTEMPTS,
				TelegramLoginError.INVALID_SIGNATURE, TelegramLoginError.RATE_LIMITED,
				TelegramLoginError.UPSTREAM_ERROR,
				TelegramLoginError.UPSTREAM_UNAVAILABLE, TelegramLoginError.UPSTREAM_TIMEOUT,
				TelegramLoginError.LOGIN_UNAVAILABLE, TelegramLoginError.INTERNAL_ERROR)) {
			assertThat(english.getProperty(TelegramLoginError.MESSAGE_PREFIX + code)).as(code).isNotBlank();
		}
	}

	@Test
	void getWhenEachLanguageThenItsOwnLangAndDirection() {
		assertThat(this.messages.get("tglogin.page.lang", Locale.ENGLISH)).isEqualTo("en");
		assertThat(this.messages.get("tglogin.page.lang", Locale.forLanguageTag("ru-RU"))).isEqualTo("ru");
		assertThat(this.messages.get("tglogin.page.lang", Locale.forLanguageTag("uk"))).isEqualTo("uk");
		assertThat(this.messages.get("tglogin.page.lang", Locale.forLanguageTag("es-MX"))).isEqualTo("es");
		assertThat(this.messages.get("tglogin.page.lang", Locale.forLanguageTag("pt-BR"))).isEqualTo("pt-BR");
		assertThat(this.messages.get("tglogin.page.lang", Locale.forLanguageTag("pt-PT"))).isEqualTo("pt-BR");
		assertThat(this.messages.get("tglogin.page.lang", Locale.forLanguageTag("id-ID"))).isEqualTo("id");
		assertThat(this.messages.get("tglogin.page.lang", Locale.forLanguageTag("fa-IR"))).isEqualTo("fa");
		assertThat(this.messages.get("tglogin.page.dir", Locale.forLanguageTag("fa"))).isEqualTo("rtl");
		for (String language : List.of("en", "ru", "uk", "es", "pt", "id")) {
			assertThat(this.messages.get("tglogin.page.dir", Locale.forLanguageTag(language))).isEqualTo("ltr");
		}
	}

	@Test
	void getWhenLanguageNotShippedThenEnglishWhateverTheServerLocale() {
		assertThat(this.messages.get("tglogin.page.title", Locale.forLanguageTag("de-DE")))
			.isEqualTo("Log in with Telegram");
		assertThat(this.messages.get("tglogin.page.title", Locale.forLanguageTag("ru")))
			.isEqualTo("Вход через Telegram");
	}

	@Test
	void localizeWhenErrorThenMessageInTheRequestLanguageAndCodeUnchanged() {
		TelegramLoginError error = this.messages.localize(TelegramLoginError.noPendingLogin(), request("uk"));

		assertThat(error.code()).isEqualTo("no_pending_login");
		assertThat(error.status()).isEqualTo(409);
		assertThat(error.message()).isEqualTo("У цьому сеансі немає розпочатого входу; спершу почніть вхід");
		assertThat(this.messages.localize(TelegramLoginError.noPendingLogin(), request("en")).message())
			.isEqualTo(TelegramLoginError.noPendingLogin().message());
	}

	@Test
	void localizeWhenArgumentsThenFilledInWithTheLanguageDigits() {
		TelegramLoginError tooLarge = TelegramLoginError.payloadTooLarge(16384);

		assertThat(this.messages.localize(tooLarge, request("en")).message())
			.isEqualTo("The request body is larger than 16384 bytes");
		assertThat(this.messages.localize(tooLarge, request("fa")).message()).contains("۱۶۳۸۴");
		assertThat(this.messages
			.localize(TelegramLoginError.invalidRequest("field_too_long", "The field \"otp\" is too long", "otp"),
					request("es"))
			.message()).isEqualTo("El campo \"otp\" es demasiado largo");
		assertThat(this.messages.localize(TelegramLoginError.rateLimited(30), request("ru")).retryAfterSeconds())
			.isEqualTo(30L);
	}

	@Test
	void localeWhenSpringResolvedOneThenItElseAcceptLanguage() {
		assertThat(this.messages.locale(request("es"))).isEqualTo(Locale.forLanguageTag("es"));
		LocaleContextHolder.setLocale(Locale.forLanguageTag("fa"));
		assertThat(this.messages.locale(request("es"))).isEqualTo(Locale.forLanguageTag("fa"));
	}

	@Test
	void withOverridesWhenAppDefinesKeyThenAppTextElseLibraryText() {
		StaticMessageSource app = new StaticMessageSource();
		app.addMessage("tglogin.page.title", Locale.forLanguageTag("ru"), "Вход в Acme");
		app.addMessage("tglogin.error.no_pending_login", Locale.forLanguageTag("ru"), "Сначала начните вход");
		TelegramLoginMessages overridden = TelegramLoginMessages.withOverrides(app);

		assertThat(overridden.get("tglogin.page.title", Locale.forLanguageTag("ru"))).isEqualTo("Вход в Acme");
		assertThat(overridden.get("tglogin.client.start", Locale.forLanguageTag("ru")))
			.isEqualTo("Войти через Telegram");
		assertThat(overridden.clientTexts(Locale.forLanguageTag("ru"))).containsEntry("start", "Войти через Telegram");
		assertThat(overridden.localize(TelegramLoginError.noPendingLogin(), request("ru")).message())
			.isEqualTo("Сначала начните вход");
		assertThat(overridden.localize(TelegramLoginError.noPendingLogin(), request("en")).message())
			.isEqualTo("No login is pending in this session; start one first");
	}

	@Test
	void withOverridesWhenAppAnswersWithTheCodeItselfThenLibraryText() {
		StaticMessageSource app = new StaticMessageSource();
		app.setUseCodeAsDefaultMessage(true);
		TelegramLoginMessages overridden = TelegramLoginMessages.withOverrides(app);

		assertThat(overridden.get("tglogin.page.title", Locale.ENGLISH)).isEqualTo("Log in with Telegram");
		assertThat(overridden.localize(TelegramLoginError.noPendingLogin(), request("en")).message())
			.isEqualTo("No login is pending in this session; start one first");
	}

	@Test
	void clientTextsWhenPersianThenEveryKeyInOrder() {
		assertThat(this.messages.clientTexts(Locale.forLanguageTag("fa")).keySet())
			.containsExactlyElementsOf(TelegramLoginMessages.CLIENT_KEYS);
		assertThat(this.messages.clientTexts(Locale.forLanguageTag("fa"))).containsEntry("start", "ورود با تلگرام");
	}

	private static MockHttpServletRequest request(String language) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addPreferredLocale(Locale.forLanguageTag(language));
		return request;
	}

	private static Set<String> placeholders(String value) {
		Set<String> found = new TreeSet<>();
		Matcher m = PLACEHOLDER.matcher(value);
		while (m.find()) {
			found.add(m.group(1));
		}
		return found;
	}

	private static Properties load(String language) throws IOException {
		Properties properties = new Properties();
		properties.load(new StringReader(new String(bytes(language), StandardCharsets.UTF_8)));
		return properties;
	}

	private static byte[] bytes(String language) throws IOException {
		String name = "/" + TelegramLoginMessages.BASENAME + (language.isEmpty() ? "" : "_" + language)
				+ ".properties";
		try (InputStream in = TelegramLoginMessagesTests.class.getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return in.readAllBytes();
		}
	}

}
