package dev.tglogin.web.ui;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file of the browser client, read once from {@code META-INF/resources/tglogin/} in this jar (where Servlet
 * containers and Spring Boot also serve it as {@code /tglogin/<name>}), with its content type and a version (a
 * SHA-256 prefix of the content) for {@code ETag} and cache-busting URLs.
 * <p>
 * This class is thread-safe.
 */
final class LoginResource {

	/** Where the files live on the class path. */
	static final String LOCATION = "META-INF/resources/tglogin/";

	/** The browser client. */
	static final LoginResource SCRIPT = load("tglogin.js", "text/javascript;charset=UTF-8");

	/** The default login page's style sheet. */
	static final LoginResource STYLE = load("tglogin.css", "text/css;charset=UTF-8");

	private final String name;

	private final String contentType;

	private final byte[] content;

	private final String version;

	private LoginResource(String name, String contentType, byte[] content) {
		this.name = name;
		this.contentType = contentType;
		this.content = content;
		this.version = version(content);
	}

	String name() {
		return this.name;
	}

	String contentType() {
		return this.contentType;
	}

	/** Returns the content; callers must not change it. */
	byte[] content() {
		return this.content;
	}

	/** Returns 12 hex digits that change whenever the content changes. */
	String version() {
		return this.version;
	}

	/** Returns the strong {@code ETag} value, quotes included. */
	String etag() {
		return "\"" + this.version + "\"";
	}

	private static LoginResource load(String name, String contentType) {
		try (InputStream in = LoginResource.class.getClassLoader().getResourceAsStream(LOCATION + name)) {
			if (in == null) {
				throw new IllegalStateException("Missing class path resource " + LOCATION + name);
			}
			return new LoginResource(name, contentType, in.readAllBytes());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read class path resource " + LOCATION + name, ex);
		}
	}

	private static String version(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
