package dev.tglogin.examples.existing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An app as people already have them (a login form, users with roles, a page per role, Actuator's health endpoint)
 * to which "Log in with Telegram" was added: see README.md for the diff it took.
 */
@SpringBootApplication
public class ExistingApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExistingApplication.class, args);
	}

}
