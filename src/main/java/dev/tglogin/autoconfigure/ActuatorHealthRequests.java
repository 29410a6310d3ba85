package dev.tglogin.autoconfigure;

import java.lang.reflect.Method;
import java.util.Optional;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * Requests to Actuator's health endpoint, matched as Spring Boot's own management chain matches them
 * ({@code EndpointRequest.to("health")}: the endpoint and its groups, wherever {@code management.*} properties put
 * them), so that the library's default chain leaves health as public as Boot's default chain would.
 * <p>
 * {@code EndpointRequest} lives in another package in Boot 3 than in Boot 4; it is found by name, as the library runs
 * on both.
 */
final class ActuatorHealthRequests {

	private static final String ACTUATOR = "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints";

	private static final String[] ENDPOINT_REQUEST = {
			// Spring Boot 4
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest",
			// Spring Boot 3
			"org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest" };

	private ActuatorHealthRequests() {
	}

	/**
	 * Returns the matcher of health requests, when Actuator is present.
	 * @return the matcher, or empty without Actuator
	 */
	static Optional<RequestMatcher> matcher() {
		ClassLoader classLoader = ActuatorHealthRequests.class.getClassLoader();
		if (!ClassUtils.isPresent(ACTUATOR, classLoader)) {
			return Optional.empty();
		}
		for (String name : ENDPOINT_REQUEST) {
			if (ClassUtils.isPresent(name, classLoader)) {
				try {
					Method to = ClassUtils.resolveClassName(name, classLoader).getMethod("to", String[].class);
					return Optional.of((RequestMatcher) to.invoke(null, (Object) new String[] { "health" }));
				}
				catch (ReflectiveOperationException | ClassCastException ex) {
					throw new IllegalStateException("Cannot match Actuator's health endpoint with " + name, ex);
				}
			}
		}
		return Optional.empty();
	}

}
