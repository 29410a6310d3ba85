package dev.tglogin.xellar;

import org.junit.jupiter.api.Test;

import dev.tglogin.web.TelegramLoginError;

import static org.assertj.core.api.Assertions.assertThat;

class XellarPermissionRequiredExceptionTests {

	@Test
	void constructorWhenAPageIsGivenThenKeptButNotInTheMessage() {
		XellarPermissionRequiredException ex = new XellarPermissionRequiredException("wallet/refresh",
				"https://passport.xellar.co/permission?token=secret-looking");
		assertThat(ex.getAcceptPermissionPage()).isEqualTo("https://passport.xellar.co/permission?token=secret-looking");
		assertThat(ex.getMessage()).isEqualTo("xellar: wallet/refresh answered 407: the user has not granted the app permission")
			.doesNotContain("passport");
		assertThat(ex.getUpstream()).isEqualTo("xellar");
	}

	@Test
	void constructorWhenThePageIsNotAWebUrlThenNone() {
		assertThat(new XellarPermissionRequiredException("x", "data:text/html,hi").getAcceptPermissionPage()).isNull();
		assertThat(new XellarPermissionRequiredException("x", null).getAcceptPermissionPage()).isNull();
	}

	@Test
	void errorContractWhenPermissionIsRequiredThenAnUpstreamErrorWithoutThePage() {
		TelegramLoginError error = TelegramLoginError
			.from(new XellarPermissionRequiredException("x", "https://passport.xellar.co/p"));
		assertThat(error.code()).isEqualTo(TelegramLoginError.UPSTREAM_ERROR);
		assertThat(error.message()).doesNotContain("passport");
	}

}
