package dev.tglogin.autoconfigure;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.EmulatorServlet;
import dev.tglogin.emulator.boot.TelegramLoginEmulatorAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's own output (target/classes, which is what its jar packages) holds no emulator: no class of
 * {@code dev.tglogin.emulator}, no reference to one, and no emulator auto-configuration. The emulator is compiled
 * with the tests and shipped as its own artifact ({@code tglogin-<version>-emulator.jar}).
 */
class ProductClasspathTests {

	private static final String IMPORTS =
			"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	@Test
	void libraryOutputWhenScannedThenHasNoEmulatorClass() throws Exception {
		Path classes = location(TelegramLoginAutoConfiguration.class);
		assertThat(classes).isDirectory();
		assertThat(classes.resolve("dev/tglogin/emulator")).doesNotExist();
		try (Stream<Path> files = Files.walk(classes)) {
			List<Path> referencing = files.filter((file) -> file.toString().endsWith(".class"))
				.filter(ProductClasspathTests::mentionsEmulatorPackage)
				.toList();
			assertThat(referencing).as("library classes that reference dev.tglogin.emulator").isEmpty();
		}
	}

	@Test
	void libraryAutoConfigurationImportsWhenReadThenListOnlyTheLibrary() throws IOException, URISyntaxException {
		Path imports = location(TelegramLoginAutoConfiguration.class).resolve(IMPORTS);
		assertThat(Files.readAllLines(imports, StandardCharsets.UTF_8)).map(String::strip)
			.filteredOn((line) -> !line.isEmpty() && !line.startsWith("#"))
			.containsExactly(TelegramLoginAutoConfiguration.class.getName(),
					TelegramLoginHealthAutoConfiguration.class.getName());
	}

	@Test
	void emulatorWhenLoadedThenComesFromItsOwnOutput() throws URISyntaxException {
		Path library = location(TelegramLoginAutoConfiguration.class);
		assertThat(location(EmulatorServlet.class)).isNotEqualTo(library);
		assertThat(location(TelegramLoginEmulatorAutoConfiguration.class)).isNotEqualTo(library);
		assertThat(location(TelegramLoginEmulatorAutoConfiguration.class).resolve(IMPORTS)).content()
			.contains(TelegramLoginEmulatorAutoConfiguration.class.getName());
	}

	private static Path location(Class<?> type) throws URISyntaxException {
		return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
	}

	private static boolean mentionsEmulatorPackage(Path file) {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("dev/tglogin/emulator");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
