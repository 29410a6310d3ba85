package dev.tglogin.examples.demo;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;

/**
 * The tglogin demo: a small web app that gets "Log in with Telegram" from the {@code dev.tglogin:tglogin} dependency
 * and the {@code tglogin.*} properties in {@code application.properties}.
 * <p>
 * By default it runs on the library's built-in emulator of Bondify and Xellar (profile {@code emulator}), so it works
 * without any account: {@code mvn -f examples/demo/pom.xml spring-boot:run}, then open http://localhost:8080.
 */
@SpringBootApplication
public class DemoApplication {

	private static final Log logger = LogFactory.getLog(DemoApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

	/** Tells the person who just started the demo where to go. */
	@EventListener
	void started(WebServerInitializedEvent event) {
		String contextPath = event.getApplicationContext().getEnvironment()
			.getProperty("server.servlet.context-path", "");
		logger.info("tglogin demo is up: open http://localhost:" + event.getWebServer().getPort() + contextPath + "/");
	}

}
