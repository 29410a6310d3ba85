package dev.tglogin.config;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.SpringSecurityCoreVersion;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

class TelegramLoginPathsTests {

	@Test
	void basePathOfWhenBuilderHasNoneThenEmpty() {
		assertThat(TelegramLoginPaths.basePathOf(PathPatternRequestMatcher.withDefaults())).isEmpty();
		assertThat(TelegramLoginPaths.basePathOf(PathPatternRequestMatcher.withDefaults().basePath("/"))).isEmpty();
	}

	@Test
	void basePathOfWhenBuilderHasOneThenThatPath() {
		assertThat(TelegramLoginPaths.basePathOf(PathPatternRequestMatcher.withDefaults().basePath("/app")))
			.isEqualTo("/app");
		assertThat(TelegramLoginPaths.basePathOf(PathPatternRequestMatcher.withDefaults().basePath("/a/b")))
			.isEqualTo("/a/b");
	}

	@Test
	void urlWhenBuilderHasABasePathThenItComesFirst() {
		TelegramLoginPaths paths = new TelegramLoginPaths(PathPatternRequestMatcher.withDefaults().basePath("/app"),
				"/login/telegram");

		assertThat(paths.url("")).isEqualTo("/app/login/telegram");
		assertThat(paths.url("/start")).isEqualTo("/app/login/telegram/start");
		assertThat(paths).hasToString("TelegramLoginPaths[/app/login/telegram]");
	}

	@Test
	void urlWhenDefaultBuilderThenTheBasePath() {
		TelegramLoginPaths paths = new TelegramLoginPaths(PathPatternRequestMatcher.withDefaults(), "/tg");

		assertThat(paths.url("/status")).isEqualTo("/tg/status");
	}

	@Test
	void matchersWhenBuilderHasABasePathThenTheyMatchUnderIt() {
		TelegramLoginPaths paths = new TelegramLoginPaths(PathPatternRequestMatcher.withDefaults().basePath("/app"),
				"/login/telegram");

		assertThat(paths.post("/start").matches(request("POST", "/app/login/telegram/start"))).isTrue();
		assertThat(paths.post("/start").matches(request("POST", "/login/telegram/start"))).isFalse();
		assertThat(paths.post("/start").matches(request("GET", "/app/login/telegram/start"))).isFalse();
		assertThat(paths.get("").matches(request("GET", "/app/login/telegram"))).isTrue();
		assertThat(paths.get("").matches(request("GET", "/login/telegram"))).isFalse();
		assertThat(paths.any("/link/**").matches(request("PUT", "/app/login/telegram/link/x"))).isTrue();
		assertThat(paths.any("/link/**").matches(request("PUT", "/login/telegram/link/x"))).isFalse();
	}

	@Test
	void requestMatchersWhenTheChainSharesABuilderThenTheEndpointsComeFromIt() throws Exception {
		PathPatternRequestMatcher.Builder shared = PathPatternRequestMatcher.withDefaults().basePath("/app");
		try (TestChain chain = TestChain.withoutCsrf(TelegramLoginPathsTests::bondify, (context) -> {
		}, (http) -> http.setSharedObject(PathPatternRequestMatcher.Builder.class, shared))) {
			assertProofEndpointAt(chain, "/app/login/telegram/proof", "/login/telegram/proof");
		}
	}

	@Test
	void requestMatchersWhenTheAppPublishesABuilderThenTheyComeFromItOnlyWhereSpringSecuritysOwnDo() throws Exception {
		PathPatternRequestMatcher.Builder app = PathPatternRequestMatcher.withDefaults().basePath("/app");
		try (TestChain chain = TestChain.withoutCsrf(TelegramLoginPathsTests::bondify,
				(context) -> context.registerBean(PathPatternRequestMatcher.Builder.class, () -> app))) {
			if (SpringSecurityCoreVersion.getVersion().startsWith("6.")) {
				// Spring Security 6.5 shares no builder: its configurers, and the library, take the application's bean
				assertProofEndpointAt(chain, "/app/login/telegram/proof", "/login/telegram/proof");
			}
			else {
				// Spring Security 7's chain shares its own builder, which its login configurers and the library use
				assertProofEndpointAt(chain, "/login/telegram/proof", "/app/login/telegram/proof");
			}
		}
	}

	@Test
	void requestMatchersWhenTheChainSharesABuilderThenTheAppsBeanIsNotUsed() throws Exception {
		// as Spring Security 7.1's form login: Boot 4's bean for spring.mvc.servlet.path does not move the endpoints
		PathPatternRequestMatcher.Builder app = PathPatternRequestMatcher.withDefaults().basePath("/app");
		try (TestChain chain = TestChain.withoutCsrf(TelegramLoginPathsTests::bondify,
				(context) -> context.registerBean(PathPatternRequestMatcher.Builder.class, () -> app),
				(http) -> http.setSharedObject(PathPatternRequestMatcher.Builder.class,
						PathPatternRequestMatcher.withDefaults()))) {
			assertProofEndpointAt(chain, "/login/telegram/proof", "/app/login/telegram/proof");
		}
	}

	private static void bondify(TelegramLoginConfigurer telegram) {
		telegram.bondify((bondify) -> bondify.projectId("proj_paths").secret("paths-secret-0123456789abcdefghijklmn"));
	}

	private static void assertProofEndpointAt(TestChain chain, String endpoint, String notEndpoint) throws Exception {
		String proof = "{\"proof\":\"not.a.jwt\"}";
		// the proof endpoint answers with the library's error contract; elsewhere is no endpoint
		assertThat(chain.post(endpoint, proof, null).getContentAsString()).contains("\"error\"");
		assertThat(chain.post(notEndpoint, proof, null).getContentAsString()).doesNotContain("\"error\"");
	}

	private static MockHttpServletRequest request(String method, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		request.setServletPath(uri);
		return request;
	}

}
