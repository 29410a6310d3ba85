package dev.tglogin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AlreadyFilteredAttributeName}.
 */
class AlreadyFilteredAttributeNameTests {

	@Test
	void ofWhenTheSameNameAgainThenTheSameStringAsSpringNamesIt() {
		AlreadyFilteredAttributeName names = new AlreadyFilteredAttributeName();
		SpringDefault spring = new SpringDefault();
		spring.setBeanName("telegramFilter");

		String first = names.of("telegramFilter", SpringDefault.class);

		assertThat(first).isEqualTo("telegramFilter.FILTERED").isEqualTo(spring.attributeName());
		assertThat(names.of(new String("telegramFilter"), SpringDefault.class)).isSameAs(first);
	}

	@Test
	void ofWhenTheNameChangesThenTheNewName() {
		AlreadyFilteredAttributeName names = new AlreadyFilteredAttributeName();
		names.of("before", SpringDefault.class);

		assertThat(names.of("after", SpringDefault.class)).isEqualTo("after.FILTERED");
		assertThat(names.of(null, SpringDefault.class)).isEqualTo(new SpringDefault().attributeName());
	}

	@Test
	void ofWhenNoNameThenTheClassNameAsSpringNamesIt() {
		AlreadyFilteredAttributeName names = new AlreadyFilteredAttributeName();

		String first = names.of(null, SpringDefault.class);

		assertThat(first).isEqualTo(SpringDefault.class.getName() + ".FILTERED")
			.isEqualTo(new SpringDefault().attributeName());
		assertThat(names.of(null, SpringDefault.class)).isSameAs(first);
	}

	/** Spring's own naming, for comparison. */
	private static final class SpringDefault extends OncePerRequestFilter {

		String attributeName() {
			return getAlreadyFilteredAttributeName();
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
		}

	}

}
