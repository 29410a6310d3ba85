package dev.tglogin.jackson;

import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which Jackson module an app finds in the one jar on the Spring Security generation the tests run on: the Jackson 3
 * {@code TelegramLoginJacksonModule} loads exactly when Spring Security 7's {@code SecurityJacksonModule} does (so an
 * app's {@code ClassUtils.isPresent} check of it is truthful on 6.5, where the jar still carries it), and
 * {@link TelegramLoginJackson2Module} on both. Names the Jackson 3 module by string, so that it compiles on both.
 */
class TelegramLoginJacksonModulePresenceTests {

	private final ClassLoader loader = getClass().getClassLoader();

	@Test
	void isPresentWhenSpringSecurityJacksonModuleThenTheJackson3ModuleToo() {
		boolean securityJackson3 = ClassUtils.isPresent("org.springframework.security.jackson.SecurityJacksonModule",
				this.loader);
		assertThat(ClassUtils.isPresent("dev.tglogin.jackson.TelegramLoginJacksonModule", this.loader))
			.isEqualTo(securityJackson3);
	}

	@Test
	void constructWhenAnyGenerationThenTheJackson2ModuleLoads() {
		assertThat(new TelegramLoginJackson2Module().getModuleName()).isNotEmpty();
	}

}
