package dev.tglogin.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointMatcherTests {

	private static final String PATH = "/login/telegram/start";

	private static final List<String> URIS = List.of("/login/telegram/start", "/login/telegram/start/",
			"/login/telegram/startx", "/login/telegram", "/login/telegram/status", "/", "/index.html",
			"/login/telegram/start;jsessionid=abc", "/login;x=1/telegram/start", "/login/%74elegram/start",
			"/login/telegram/%73tart", "/LOGIN/telegram/start", "/login/telegram/start?x=1", "/a/login/telegram/start",
			"/login//telegram/start", "/login/telegram/start/more", "/login/telegram/st%61rt;a=b");

	@Test
	void matchesExactlyWhatSpringSecuritysPathMatcherMatches() {
		RequestMatcher spring = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, PATH);
		EndpointMatcher ours = EndpointMatcher.of(HttpMethod.POST, PATH);
		int matched = 0;
		for (String contextPath : List.of("", "/app", "/my%20app")) {
			for (String uri : URIS) {
				for (String method : List.of("POST", "GET", "post")) {
					for (DispatcherType type : DispatcherType.values()) {
						MockHttpServletRequest request = request(method, contextPath, contextPath + uri, type);
						boolean expected = spring.matches(request);
						assertThat(ours.matches(request)).as("%s %s%s (%s)", method, contextPath, uri, type)
							.isEqualTo(expected);
						assertThat(ours.matcher(request).isMatch()).isEqualTo(expected);
						matched += expected ? 1 : 0;
					}
				}
			}
		}
		// the table holds requests of both kinds, escaped and with path parameters among the matched ones
		assertThat(matched).isGreaterThan(9);
		assertThat(ours.matches(request("POST", "/app", "/app/login/%74elegram/start", DispatcherType.REQUEST)))
			.isTrue();
	}

	@Test
	void matchesWhenBuilderHasABasePathThenExactlyWhatSpringSecuritysPathMatcherMatches() {
		PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults().basePath("/app");
		RequestMatcher spring = builder.matcher(HttpMethod.POST, PATH);
		EndpointMatcher ours = EndpointMatcher.of(builder, HttpMethod.POST, PATH);
		int matched = 0;
		for (String contextPath : List.of("", "/ctx")) {
			for (String uri : URIS) {
				for (String prefix : List.of("", "/app", "/APP", "/other")) {
					MockHttpServletRequest request = request("POST", contextPath, contextPath + prefix + uri,
							DispatcherType.REQUEST);
					boolean expected = spring.matches(request);
					assertThat(ours.matches(request)).as("%s%s%s", contextPath, prefix, uri).isEqualTo(expected);
					matched += expected ? 1 : 0;
				}
			}
		}
		assertThat(matched).isGreaterThan(3);
		assertThat(ours.matches(request("POST", "", "/app" + PATH, DispatcherType.REQUEST))).isTrue();
		assertThat(ours.matches(request("POST", "", PATH, DispatcherType.REQUEST))).isFalse();
	}

	@Test
	void includeDispatchGoesToTheFullMatcher() {
		EndpointMatcher ours = EndpointMatcher.of(HttpMethod.GET, "/login/telegram");
		MockHttpServletRequest include = request("GET", "", "/page", DispatcherType.INCLUDE);
		include.setAttribute("jakarta.servlet.include.request_uri", "/login/telegram");
		RequestMatcher spring = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/login/telegram");
		assertThat(ours.matches(include)).isEqualTo(spring.matches(include));
	}

	@Test
	void unrelatedRequestIsTurnedAwayWithoutParsingItsPath() {
		EndpointMatcher ours = EndpointMatcher.of(HttpMethod.GET, "/login/telegram");
		// Spring's matcher parses the path into a request attribute for the time of the match
		RecordingRequest unrelated = new RecordingRequest("GET", "/products/42");
		assertThat(ours.matches(unrelated)).isFalse();
		assertThat(unrelated.attributesSet).isEmpty();
		RecordingRequest related = new RecordingRequest("GET", "/login/telegram");
		assertThat(ours.matches(related)).isTrue();
		assertThat(related.attributesSet).isNotEmpty();
		RecordingRequest escaped = new RecordingRequest("GET", "/products/%34%32");
		assertThat(ours.matches(escaped)).isFalse();
		assertThat(escaped.attributesSet).as("an escaped URI is left to the full matcher").isNotEmpty();
	}

	@Test
	void toStringNamesTheEndpoint() {
		assertThat(EndpointMatcher.of(HttpMethod.POST, PATH)).hasToString("EndpointMatcher[POST " + PATH + "]");
	}

	private static MockHttpServletRequest request(String method, String contextPath, String uri,
			DispatcherType type) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		request.setContextPath(contextPath);
		request.setDispatcherType(type);
		return request;
	}

	private static final class RecordingRequest extends MockHttpServletRequest {

		final List<String> attributesSet = new ArrayList<>();

		RecordingRequest(String method, String uri) {
			super(method, uri);
		}

		@Override
		public void setAttribute(String name, Object value) {
			this.attributesSet.add(name);
			super.setAttribute(name, value);
		}

	}

}
