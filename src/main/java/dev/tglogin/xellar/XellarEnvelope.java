package dev.tglogin.xellar;

import java.time.Clock;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamServerErrorException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.http.RetryAfter;
import dev.tglogin.http.UpstreamResponse;

/**
 * Reads Xellar's {@code {status, message, data}} envelope ({@link XellarProtocol}) for {@link HttpXellarClient}: the
 * status an answer really has (an error may arrive inside a 2xx), the refusals every call shares (407 permission
 * required, 429, 503), and the {@code data} object of a success, any other failure mapped to an
 * {@link UpstreamException} whose message keeps only Xellar's {@link XellarMessages sanitised} text.
 */
final class XellarEnvelope {

	private static final Log logger = LogFactory.getLog(HttpXellarClient.class);

	static final String UPSTREAM = "xellar";

	private XellarEnvelope() {
	}

	/**
	 * The answer as its envelope tells it, the refusals every call shares thrown.
	 * @param response the answer as received
	 * @param call the call's name for messages, e.g. {@code verify-telegram}
	 * @param clock the clock to read an HTTP-date {@code Retry-After} with
	 * @return the answer, with the envelope's status when an error arrived inside a 2xx
	 * @throws XellarPermissionRequiredException on 407
	 * @throws UpstreamRateLimitedException on 429
	 * @throws UpstreamUnavailableException on 503
	 */
	static UpstreamResponse check(UpstreamResponse response, String call, Clock clock) {
		UpstreamResponse answer = enveloped(response);
		if (answer.status() == XellarProtocol.STATUS_PERMISSION_REQUIRED) {
			throw new XellarPermissionRequiredException(call, XellarAnswers.permissionPage(answer.json()));
		}
		if (answer.status() == 429) {
			throw new UpstreamRateLimitedException(UPSTREAM, RetryAfter.parse(answer.headers(), clock));
		}
		if (answer.status() == 503) {
			throw new UpstreamUnavailableException(UPSTREAM, "answered 503");
		}
		return answer;
	}

	/**
	 * Xellar wraps every answer in {@code {status, message, data}}, and an error may arrive inside a 2xx with the
	 * envelope's {@code status} saying what it is. Such an answer is handled as that status, so a 2xx never hides a
	 * refusal.
	 */
	static UpstreamResponse enveloped(UpstreamResponse response) {
		Map<String, Object> json = response.json();
		if (response.isSuccess() && json != null && json.get(XellarProtocol.STATUS) instanceof Number envelope
				&& envelope.intValue() >= 400 && envelope.intValue() < 600) {
			return new UpstreamResponse(envelope.intValue(), response.headers(), json);
		}
		return response;
	}

	/**
	 * The {@code data} object of a successful answer.
	 * @param response the answer, {@link #check checked}
	 * @param call the call's name for messages
	 * @return the data object
	 * @throws UpstreamServerErrorException on 5xx
	 * @throws UpstreamException on any other failure, or a success without a data object
	 */
	static Map<String, Object> data(UpstreamResponse response, String call) {
		if (!response.isSuccess()) {
			if (response.status() == 401 || response.status() == 403) {
				logger.warn("Xellar refused " + call + " with " + response.status() + " ("
						+ XellarMessages.of(response) + "): check tglogin.xellar.client-secret");
			}
			String problem = call + " answered " + response.status() + " (" + XellarMessages.of(response) + ")";
			if (response.status() >= 500 && response.status() < 600) {
				throw new UpstreamServerErrorException(UPSTREAM, response.status(), problem);
			}
			throw new UpstreamException(UPSTREAM, problem);
		}
		Map<String, Object> json = response.json();
		if (json == null || !(json.get(XellarProtocol.DATA) instanceof Map<?, ?>)) {
			throw new UpstreamException(UPSTREAM, call + " answer has no data object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> data = (Map<String, Object>) json.get(XellarProtocol.DATA);
		return data;
	}

}
