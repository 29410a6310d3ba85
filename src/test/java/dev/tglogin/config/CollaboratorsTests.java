package dev.tglogin.config;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class CollaboratorsTests {

	@Test
	void resolveWhenDslValueThenItWinsOverTheBean() {
		try (GenericApplicationContext context = context("bean")) {
			assertThat(Collaborators.resolve("dsl", context, String.class, () -> "default")).isEqualTo("dsl");
		}
	}

	@Test
	void resolveWhenNoDslValueThenTheUniqueBean() {
		try (GenericApplicationContext context = context("bean")) {
			assertThat(Collaborators.resolve(null, context, String.class, () -> "default")).isEqualTo("bean");
			assertThat(Collaborators.resolve(null, context, String.class)).isEqualTo("bean");
		}
	}

	@Test
	void resolveWhenTwoBeansThenTheDefault() {
		try (GenericApplicationContext context = context("one", "two")) {
			assertThat(Collaborators.resolve(null, context, String.class, () -> "default")).isEqualTo("default");
			assertThat(Collaborators.bean(context, String.class)).isNull();
		}
	}

	@Test
	void resolveWhenNoContextThenTheDefault() {
		assertThat(Collaborators.resolve(null, null, String.class, () -> "default")).isEqualTo("default");
		assertThat(Collaborators.resolve(null, null, String.class)).isNull();
		assertThat(Collaborators.bean(null, String.class)).isNull();
	}

	@Test
	void resolveWhenValueOrBeanThenTheDefaultIsNotMade() {
		try (GenericApplicationContext context = context("bean")) {
			assertThat(Collaborators.resolve(null, context, String.class, () -> {
				throw new AssertionError("default made");
			})).isEqualTo("bean");
		}
	}

	private static GenericApplicationContext context(String... beans) {
		GenericApplicationContext context = new GenericApplicationContext();
		for (int i = 0; i < beans.length; i++) {
			String bean = beans[i];
			context.registerBean("bean" + i, String.class, () -> bean);
		}
		context.refresh();
		return context;
	}

}
