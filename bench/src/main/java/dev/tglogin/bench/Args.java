package dev.tglogin.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --key=value} arguments (a bare {@code --flag} is {@code "true"}); anything else is refused. */
final class Args {

	private Args() {
	}

	static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("expected --key=value, got " + arg);
			}
			int eq = arg.indexOf('=');
			if (eq < 0) {
				options.put(arg.substring(2), "true");
			}
			else {
				options.put(arg.substring(2, eq), arg.substring(eq + 1));
			}
		}
		return options;
	}

}
