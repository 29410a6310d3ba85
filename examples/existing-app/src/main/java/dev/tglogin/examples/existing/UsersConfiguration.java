package dev.tglogin.examples.existing;

import javax.sql.DataSource;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.JdbcUserDetailsManager;

/**
 * The app's users, as it had them before Telegram login: Spring Security's {@link JdbcUserDetailsManager} on the
 * app's database (Spring Security's default schema, created by {@code spring.sql.init}; H2 in memory by default),
 * with two users created at start-up: {@code alice} is a user, {@code root} a user and an admin.
 */
@Configuration(proxyBeanMethods = false)
class UsersConfiguration {

	@Bean
	JdbcUserDetailsManager userDetailsService(DataSource dataSource) {
		return new JdbcUserDetailsManager(dataSource);
	}

	@Bean
	ApplicationRunner createUsers(JdbcUserDetailsManager users) {
		PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		return (arguments) -> {
			if (!users.userExists("alice")) {
				users.createUser(
						User.withUsername("alice").password(passwords.encode("alice-password")).roles("USER").build());
			}
			if (!users.userExists("root")) {
				users.createUser(User.withUsername("root")
					.password(passwords.encode("root-password"))
					.roles("USER", "ADMIN")
					.build());
			}
		};
	}

}
