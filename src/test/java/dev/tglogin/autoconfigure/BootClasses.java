package dev.tglogin.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.util.ClassUtils;

import dev.tglogin.emulator.boot.TelegramLoginEmulatorAutoConfiguration;

/**
 * Spring Boot's own auto-configurations by name, since their packages differ between Boot 3 and Boot 4 and the tests
 * run on both.
 */
final class BootClasses {

	private static final String[] SECURITY = {
			// Boot 4
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			// Boot 3
			"org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
			"org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration" };

	private BootClasses() {
	}

	/** Boot's servlet security auto-configurations plus ours: the library's and the emulator's. */
	static AutoConfigurations securityWithTelegramLogin() {
		List<Class<?>> classes = new ArrayList<>();
		for (String name : SECURITY) {
			if (ClassUtils.isPresent(name, BootClasses.class.getClassLoader())) {
				classes.add(ClassUtils.resolveClassName(name, BootClasses.class.getClassLoader()));
			}
		}
		classes.add(TelegramLoginAutoConfiguration.class);
		classes.add(TelegramLoginEmulatorAutoConfiguration.class);
		return AutoConfigurations.of(classes.toArray(Class<?>[]::new));
	}

}
