package dev.tglogin.config;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
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
	void requestMatchersWhenTheAppPublishesABuilderThenTheEndpointsComeFromIt() throws Exception {
		PathPatternRequestMatcher.Builder app = PathPatternRequestMatcher.withDefaults().basePath("/app");
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram.bondify(
				(bondify) -> bondify.projectId("proj_paths").secret("paths-secret-0123456789abcdefghijklmn")),
				(context) -> context.registerBean(PathPatternRequestMatcher.Builder.class, () -> app))) {
			String proof = "{\"proof\":\"not.a.jwt\"}";
			// the proof endpoint answers with the library's error contract; the old path is no endpoint
			assertThat(chain.post("/app/login/telegram/proof", proof, null).getContentAsString()).contains("\"error\"");
			assertThat(chain.post("/login/telegram/proof", proof, null).getContentAsString())
				.doesNotContain("\"error\"");
		}
	}

	private static MockHttpServletRequest request(String method, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		request.setServletPath(uri);
		return request;
	}

}
