package dev.tglogin.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Runs the schema script of {@link JdbcTelegramLoginStore} ({@code dev/tglogin/store/schema-<database>.sql}):
 * statement by statement, comment lines left out. The script only creates what does not exist.
 */
final class JdbcStoreSchema {

	private JdbcStoreSchema() {
	}

	/**
	 * Creates the tables and indexes that do not exist yet.
	 * @param jdbc the database
	 * @param database the script's database: {@code postgresql} or {@code h2}
	 * @throws IllegalStateException when the script cannot be read or run
	 */
	static void create(JdbcOperations jdbc, String database) {
		try {
			for (String sql : script(database).split(";")) {
				String trimmed = sql.lines().filter((line) -> !line.trim().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).trim();
				if (!trimmed.isEmpty()) {
					jdbc.execute(trimmed);
				}
			}
		}
		catch (DataAccessException | IOException ex) {
			throw new IllegalStateException("Cannot create the tglogin store schema", ex);
		}
	}

	static String script(String database) throws IOException {
		try (InputStream in = JdbcTelegramLoginStore.class.getResourceAsStream("schema-" + database + ".sql")) {
			if (in == null) {
				throw new IOException("schema-" + database + ".sql not found");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
