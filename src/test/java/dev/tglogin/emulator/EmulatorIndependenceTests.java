package dev.tglogin.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulated upstreams (package {@code dev.tglogin.emulator}, not its Boot integration, which wires the app's
 * clients to it) speak the wire from their own constants: they may use the library's plumbing (bounded body reads,
 * JSON in and out) but never the clients' protocol classes, or a wrong field name in a client would agree with itself.
 */
class EmulatorIndependenceTests {

	private static final Path EMULATOR = Path.of("src/emulator/java/dev/tglogin/emulator");

	/** What the emulated upstreams may use of the library: plumbing, no protocol. */
	private static final List<String> PLUMBING = List.of("dev.tglogin.emulator.", "dev.tglogin.http.JsonCodec",
			"dev.tglogin.web.JsonRequests", "dev.tglogin.web.JsonResponses");

	private static final Pattern LIBRARY_NAME = Pattern.compile("\\bdev\\.tglogin\\.[a-z0-9_.]*[A-Za-z0-9_]+");

	@Test
	void emulatedUpstreamsWhenTheyNameTheLibraryThenOnlyItsPlumbing() throws IOException {
		List<String> offending = new ArrayList<>();
		int files = 0;
		try (Stream<Path> sources = Files.list(EMULATOR)) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				files++;
				Matcher names = LIBRARY_NAME.matcher(Files.readString(source));
				while (names.find()) {
					String name = names.group();
					if (PLUMBING.stream().noneMatch(name::startsWith) && !name.equals("dev.tglogin.emulator")) {
						offending.add(source.getFileName() + ": " + name);
					}
				}
			}
		}
		assertThat(files).as("emulator sources read from " + EMULATOR.toAbsolutePath()).isGreaterThan(10);
		assertThat(offending).isEmpty();
	}

}
