package dev.tglogin.miniapp;

import java.text.ParseException;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of verified init data into a {@link MiniAppInitData}: the {@code user} JSON object (through
 * nimbus' {@link JSONObjectUtils}), {@code auth_date} and {@code start_param}.
 */
final class MiniAppUserParser {

	private MiniAppUserParser() {
	}

	static MiniAppInitData read(Map<String, String> fields, Instant authDate, String signedContent) {
		String userJson = fields.get("user");
		if (userJson == null) {
			throw badUser("The init data names no user");
		}
		Map<String, Object> user;
		try {
			user = JSONObjectUtils.parse(userJson, InitDataParser.MAX_LENGTH);
		}
		catch (ParseException | RuntimeException | StackOverflowError ex) {
			throw badUser("The init data's user is not a JSON object");
		}
		if (user == null || !(user.get("id") instanceof Number id) || id.doubleValue() != id.longValue()
				|| id.longValue() <= 0) {
			throw badUser("The init data's user has no positive integer id");
		}
		String firstName = string(user, "first_name");
		if (firstName == null) {
			throw badUser("The init data's user has no first name");
		}
		if (user.containsKey("is_premium") && !(user.get("is_premium") instanceof Boolean)) {
			throw badUser("The init data's user has a premium flag that is not a boolean");
		}
		return new MiniAppInitData(id.longValue(), firstName, string(user, "last_name"), string(user, "username"),
				string(user, "language_code"), Boolean.TRUE.equals(user.get("is_premium")), authDate,
				fields.get("start_param"), signedContent);
	}

	/** A string field, {@code null} when absent; any other type is refused. */
	private static @Nullable String string(Map<String, Object> user, String field) {
		Object value = user.get(field);
		if (value == null || value instanceof String) {
			return (String) value;
		}
		throw badUser("The init data's user has a field " + field + " that is not a string");
	}

	/**
	 * Reads {@code auth_date}: Unix seconds, digits only.
	 * @param value the field value, {@code null} when absent
	 * @return the instant
	 */
	static Instant authDate(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > 12
				|| !value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new InvalidInitDataException("malformed", "The init data has no valid auth_date");
		}
		return Instant.ofEpochSecond(Long.parseLong(value));
	}

	private static InvalidInitDataException badUser(String message) {
		return new InvalidInitDataException("bad_user", message);
	}

}
