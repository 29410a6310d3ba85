package dev.tglogin.emulator;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.util.Assert;

import static dev.tglogin.emulator.EmulatorHttp.baseUrl;
import static dev.tglogin.emulator.EmulatorHttp.methodNotAllowed;
import static dev.tglogin.emulator.EmulatorHttp.readJsonObject;
import static dev.tglogin.emulator.EmulatorHttp.requiredString;

/**
 * Bondify's public API over HTTP: {@code POST} {@value BondifyWire#GENERATE_PATH} and {@code POST}
 * {@value BondifyWire#VERIFY_PATH}, JSON in and out as the real service. The deeplink of a generated session is the
 * emulated Telegram page. A queued {@link Fault} for the endpoint is applied first. The answers are
 * {@link BondifyEmulator}'s typed records, written by {@link BondifyBodies}.
 */
final class BondifyApi implements EmulatorRoute {

	private final BondifyEmulator bondify;

	BondifyApi(BondifyEmulator bondify) {
		Assert.notNull(bondify, "bondify cannot be null");
		this.bondify = bondify;
	}

	@Override
	public boolean handle(String route, HttpServletRequest request, HttpServletResponse response) throws IOException {
		String endpoint;
		if (BondifyWire.GENERATE_PATH.equals(route)) {
			endpoint = EmulatorFaults.GENERATE;
		}
		else if (BondifyWire.VERIFY_PATH.equals(route)) {
			endpoint = EmulatorFaults.VERIFY;
		}
		else {
			return false;
		}
		if (!"POST".equals(request.getMethod())) {
			methodNotAllowed(response, "POST");
			return true;
		}
		if (FaultResponses.apply(endpoint, this.bondify.faults(), request, response)) {
			return true;
		}
		Map<String, Object> body = readJsonObject(request);
		String projectId = requiredString(body, BondifyWire.PROJECT_ID);
		BondifyAnswer answer = endpoint.equals(EmulatorFaults.GENERATE)
				? this.bondify.generate(projectId, baseUrl(request) + TelegramPage.PATH)
				: this.bondify.verify(projectId, requiredString(body, BondifyWire.SESSION_TOKEN));
		BondifyBodies.write(response, answer);
		return true;
	}

}
