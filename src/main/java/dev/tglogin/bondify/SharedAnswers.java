package dev.tglogin.bondify;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

/**
 * The recorded form of a decisive status answer one instance shares with the others
 * ({@link BondifyWebhookOutcomes#share}): Bondify's own field names, {@code {"status":"confirmed","proof":"..."}},
 * {@code {"status":"cancelled"}} or {@code {"status":"expired"}}. Kept apart from webhook events by having no
 * {@code event} field.
 */
final class SharedAnswers {

	private SharedAnswers() {
	}

	/** The record of a state that is shared, or {@code null} for one that is not. */
	static @Nullable String toJson(BondifyLoginState state) {
		Map<String, Object> json = new LinkedHashMap<>();
		if (state instanceof BondifyLoginState.Confirmed confirmed) {
			json.put(BondifyProtocol.STATUS, BondifyProtocol.STATUS_CONFIRMED);
			json.put(BondifyProtocol.PROOF, confirmed.proof());
		}
		else if (state instanceof BondifyLoginState.Cancelled || state instanceof BondifyLoginState.Expired) {
			json.put(BondifyProtocol.STATUS, state.statusName());
		}
		else {
			return null;
		}
		return JSONObjectUtils.toJSONString(json);
	}

	/** The state of a record, or {@code null} when it is not a shared answer. */
	static @Nullable BondifyLoginState fromJson(String json) {
		Map<String, Object> fields;
		try {
			fields = JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			return null;
		}
		if (fields.containsKey(BondifyProtocol.WEBHOOK_EVENT)) {
			return null;
		}
		Object status = fields.get(BondifyProtocol.STATUS);
		Object proof = fields.get(BondifyProtocol.PROOF);
		if (BondifyProtocol.STATUS_CONFIRMED.equals(status)) {
			return (proof instanceof String text && !text.isBlank()) ? new BondifyLoginState.Confirmed(text) : null;
		}
		if (BondifyProtocol.STATUS_CANCELLED.equals(status)) {
			return BondifyLoginState.CANCELLED;
		}
		return BondifyProtocol.STATUS_EXPIRED.equals(status) ? BondifyLoginState.EXPIRED : null;
	}

}
