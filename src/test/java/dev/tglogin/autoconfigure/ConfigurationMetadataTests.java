package dev.tglogin.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata in the jar, as an IDE reads it: the generated properties merged with
 * {@code additional-spring-configuration-metadata.json}.
 */
class ConfigurationMetadataTests {

	@Test
	void metadataWhenThrottlePropertiesThenEachLimitAndWindowHasADescriptionOfItsOwn() throws Exception {
		List<Map<String, Object>> throttle = properties().stream()
			.filter((property) -> ((String) property.get("name")).startsWith("tglogin.throttle."))
			.toList();

		assertThat(throttle).hasSizeGreaterThanOrEqualTo(20);
		assertThat(throttle).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank());
		List<Object> limitDescriptions = throttle.stream()
			.filter((property) -> ((String) property.get("name")).endsWith(".limit"))
			.map((property) -> property.get("description"))
			.toList();
		assertThat(limitDescriptions).hasSize(9).doesNotHaveDuplicates();
		List<Object> windowDescriptions = throttle.stream()
			.filter((property) -> ((String) property.get("name")).endsWith(".window"))
			.map((property) -> property.get("description"))
			.toList();
		assertThat(windowDescriptions).hasSize(9).doesNotHaveDuplicates();
	}

	@Test
	void metadataWhenAnyPropertyThenItHasADescription() throws Exception {
		assertThat(properties()).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank());
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> properties() throws IOException, java.text.ParseException {
		try (InputStream in = ConfigurationMetadataTests.class.getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("the generated metadata").isNotNull();
			Map<String, Object> metadata = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			return ((List<Object>) metadata.get("properties")).stream()
				.map((property) -> (Map<String, Object>) property)
				.toList();
		}
	}

}
