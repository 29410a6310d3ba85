package dev.tglogin.aot;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import dev.tglogin.test.Factors;

import static org.assertj.core.api.Assertions.assertThat;

class TelegramLoginRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	TelegramLoginRuntimeHintsTests() {
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class);
		assertThat(registrars).hasAtLeastOneElementOfType(TelegramLoginRuntimeHints.class);
		registrars.forEach((registrar) -> registrar.registerHints(this.hints, getClass().getClassLoader()));
	}

	@Test
	void registerHintsWhenLoadedFromAotFactoriesThenTheBrowserClientAndStylesAreResources() {
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/resources/tglogin/tglogin.js"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/resources/tglogin/tglogin.css"))
			.accepts(this.hints);
	}

	@Test
	void registerHintsWhenLoadedThenTheJsonSessionTypesAndTheirMixinsAreReflective() throws ClassNotFoundException {
		for (String type : TelegramLoginRuntimeHints.JSON_SESSION_TYPES) {
			Class.forName(type);
			assertThat(RuntimeHintsPredicates.reflection().onType(org.springframework.aot.hint.TypeReference.of(type)))
				.as(type)
				.accepts(this.hints);
		}
	}

	@Test
	void registerHintsWhenLoadedThenTheMessageBundleIsAResourceBundle() {
		assertThat(RuntimeHintsPredicates.resource().forBundle("dev/tglogin/messages")).accepts(this.hints);
	}

	@Test
	void registerHintsWhenLoadedThenTheJdbcSchemasAreResources() {
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/tglogin/store/schema-postgresql.sql"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/tglogin/store/schema-h2.sql"))
			.accepts(this.hints);
		assertThat(getClass().getClassLoader().getResource("dev/tglogin/store/schema-h2.sql")).isNotNull();
	}

	@Test
	void registerHintsWhenSpringSecurityHasFactorsThenTheFactorAuthorityIsReflective() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of(TelegramLoginRuntimeHints.FACTOR_CLASS))
			.test(this.hints)).isEqualTo(Factors.supported());
	}

}
