package dev.tglogin.xellar;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What a refusal of {@code verify-telegram} (a 4xx other than 429) means, decided from its status <b>and</b> its
 * text: Xellar documents neither the statuses nor the messages of a wrong code and of an expired verification, so
 * the status alone decides nothing but {@link XellarProtocol#STATUS_GONE}. The text is the envelope's
 * {@link XellarProtocol#MESSAGE}, and {@link XellarProtocol#ERROR} and {@link XellarProtocol#CODE} when present (at
 * the top or inside {@link XellarProtocol#DATA}); the words are {@link XellarProtocol}'s {@code REFUSAL_*}.
 * <ul>
 * <li>{@link #CREDENTIAL}: the text names our client secret or app id. Xellar did not judge the code: the attempt is
 * given back and the operator warned.</li>
 * <li>{@link #VERIFICATION_GONE}: the text says the verification (its token, session or code) expired, was used or is
 * unknown, or the status is 410. Only this asks the user for a new code.</li>
 * <li>{@link #WRONG_CODE}: anything else, a text that calls the code wrong or no text at all: the attempt counts
 * (failing closed, so that no unknown answer lifts the attempt limit).</li>
 * </ul>
 */
enum XellarRefusal {

	/** Xellar refused our credential, not the user's code. */
	CREDENTIAL,

	/** The verification is gone: a new code is needed. */
	VERIFICATION_GONE,

	/** The code is wrong, or the answer does not say: the attempt counts. */
	WRONG_CODE;

	private static final Pattern CREDENTIAL_WORDS = words(XellarProtocol.REFUSAL_WORDS_CREDENTIAL);

	private static final Pattern VERIFICATION_NAMES = words(XellarProtocol.REFUSAL_NAMES_VERIFICATION);

	private static final Pattern CODE_NAMES = words(XellarProtocol.REFUSAL_NAMES_CODE);

	private static final Pattern GONE_WORDS = words(XellarProtocol.REFUSAL_WORDS_GONE);

	private static final Pattern WRONG_WORDS = words(XellarProtocol.REFUSAL_WORDS_WRONG);

	/** The words that say "gone" even of a code: {@code OTP expired}, {@code code already used}. */
	private static final Pattern EXPIRED_WORDS = words("expired|expire|no longer|already used|already verified");

	/**
	 * Decides what a refusal means.
	 * @param status the HTTP status (or the envelope's), 400 to 499
	 * @param json the answer's body, or {@code null}
	 * @return the meaning
	 */
	static XellarRefusal of(int status, @Nullable Map<String, Object> json) {
		XellarRefusal said = said(json);
		if (said != null) {
			return said;
		}
		return (status == XellarProtocol.STATUS_GONE) ? VERIFICATION_GONE : WRONG_CODE;
	}

	/**
	 * Returns what the answer's text says, or {@code null} when it says nothing this class reads (then only the
	 * status decides, and the operator should look at the answer).
	 * @param json the answer's body, or {@code null}
	 * @return the meaning the text gives, or {@code null}
	 */
	static @Nullable XellarRefusal said(@Nullable Map<String, Object> json) {
		String text = text(json);
		if (CREDENTIAL_WORDS.matcher(text).find()) {
			return CREDENTIAL;
		}
		boolean namesCode = CODE_NAMES.matcher(text).find();
		boolean namesVerification = VERIFICATION_NAMES.matcher(text).find();
		if (EXPIRED_WORDS.matcher(text).find() && (namesCode || namesVerification)) {
			return VERIFICATION_GONE;
		}
		if (namesCode && WRONG_WORDS.matcher(text).find()) {
			return WRONG_CODE;
		}
		if (namesVerification && GONE_WORDS.matcher(text).find()) {
			return VERIFICATION_GONE;
		}
		return null;
	}

	/** The texts of the answer, lower case, joined; at most a few hundred characters are read. */
	private static String text(@Nullable Map<String, Object> json) {
		if (json == null) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		append(text, json);
		if (json.get(XellarProtocol.DATA) instanceof Map<?, ?> data) {
			append(text, data);
		}
		String all = text.toString().replace('_', ' ').replace('-', ' ');
		return ((all.length() > 1024) ? all.substring(0, 1024) : all).toLowerCase(Locale.ROOT);
	}

	private static void append(StringBuilder text, Map<?, ?> json) {
		for (String field : new String[] { XellarProtocol.MESSAGE, XellarProtocol.ERROR, XellarProtocol.CODE }) {
			if (json.get(field) instanceof String value && value.length() <= 1024) {
				text.append(value).append(" | ");
			}
		}
	}

	private static Pattern words(String alternatives) {
		return Pattern.compile("\\b(?:" + alternatives.replace('_', ' ').replace('-', ' ') + ")\\b",
				Pattern.CASE_INSENSITIVE);
	}

}
