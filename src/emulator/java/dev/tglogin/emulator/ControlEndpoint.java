package dev.tglogin.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import static dev.tglogin.emulator.EmulatorHttp.invalid;
import static dev.tglogin.emulator.EmulatorHttp.methodNotAllowed;
import static dev.tglogin.emulator.EmulatorHttp.readJsonObject;
import static dev.tglogin.emulator.FaultResponses.BONDIFY_ENDPOINTS;
import static dev.tglogin.emulator.FaultResponses.XELLAR_ENDPOINTS;

/**
 * Fault injection for out-of-process tests: {@code POST} {@value #PATH} queues a {@link Fault} (204) in the queue of
 * the emulator that serves the endpoint, or of each mounted one for {@code "*"}; {@code DELETE} clears every queue.
 */
final class ControlEndpoint implements EmulatorRoute {

	static final String PATH = "/_emulator/faults";

	private final @Nullable BondifyEmulator bondify;

	private final @Nullable XellarEmulator xellar;

	ControlEndpoint(@Nullable BondifyEmulator bondify, @Nullable XellarEmulator xellar) {
		this.bondify = bondify;
		this.xellar = xellar;
	}

	@Override
	public boolean handle(String route, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!PATH.equals(route)) {
			return false;
		}
		if ("DELETE".equals(request.getMethod())) {
			if (this.bondify != null) {
				this.bondify.faults().clear();
			}
			if (this.xellar != null) {
				this.xellar.faults().clear();
			}
			response.setStatus(204);
			return true;
		}
		if (!"POST".equals(request.getMethod())) {
			methodNotAllowed(response, "POST, DELETE");
			return true;
		}
		Map<String, Object> body = readJsonObject(request);
		Object endpoint = body.getOrDefault("endpoint", EmulatorFaults.ANY);
		Object type = body.get("type");
		if (!(endpoint instanceof String endpointName) || !(type instanceof String typeName)) {
			throw invalid("endpoint and type must be strings");
		}
		try {
			Fault fault = fault(typeName, body);
			int times = integer(body, "times", 1);
			for (EmulatorFaults faults : faultQueues(endpointName)) {
				faults.enqueue(endpointName, fault, times);
			}
		}
		catch (IllegalArgumentException ex) {
			// validation messages of Fault and EmulatorFaults: safe to return
			throw invalid(ex.getMessage());
		}
		response.setStatus(204);
		return true;
	}

	private static Fault fault(String type, Map<String, Object> body) {
		return switch (type) {
			case "latency" -> Fault.latency(Duration.ofMillis(integer(body, "latencyMs", null)));
			case "status" -> Fault.status(integer(body, "status", null));
			case "rateLimited" -> Fault.rateLimited(Duration.ofSeconds(integer(body, "retryAfterSeconds", 1)));
			case "malformedJson" -> Fault.malformedJson();
			case "wrongTypes" -> Fault.wrongTypes();
			case "hugeBody" -> Fault.hugeBody(integer(body, "bytes", null));
			case "drop" -> Fault.drop();
			default -> throw invalid("unknown fault type");
		};
	}

	/** The queues a fault for that endpoint goes to: the emulator serving it, or each mounted one for "*". */
	private List<EmulatorFaults> faultQueues(String endpoint) {
		boolean any = EmulatorFaults.ANY.equals(endpoint);
		boolean xellarEndpoint = XELLAR_ENDPOINTS.contains(endpoint);
		if (!any && !xellarEndpoint && !BONDIFY_ENDPOINTS.contains(endpoint)) {
			throw invalid("endpoint must be \"" + EmulatorFaults.ANY + "\" or one of " + BONDIFY_ENDPOINTS + " "
					+ XELLAR_ENDPOINTS);
		}
		List<EmulatorFaults> queues = new ArrayList<>(2);
		if (this.bondify != null && !xellarEndpoint) {
			queues.add(this.bondify.faults());
		}
		if (this.xellar != null && (any || xellarEndpoint)) {
			queues.add(this.xellar.faults());
		}
		if (queues.isEmpty()) {
			throw invalid("endpoint is not served here: its emulator is not mounted");
		}
		return queues;
	}

	private static int integer(Map<String, Object> body, String name, @Nullable Integer defaultValue) {
		Object value = body.get(name);
		if (value == null) {
			if (defaultValue == null) {
				throw invalid(name + " is required");
			}
			return defaultValue;
		}
		if (value instanceof Number number) {
			double d = number.doubleValue();
			if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
				return (int) d;
			}
		}
		throw invalid(name + " must be an integer");
	}

}
