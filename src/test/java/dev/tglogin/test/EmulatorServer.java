package dev.tglogin.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatorServlet;
import dev.tglogin.emulator.OidcEmulator;
import dev.tglogin.emulator.XellarEmulator;

/**
 * The emulator on its own embedded Jetty, playing the upstream: the app under test reaches it over real HTTP, and a
 * test can take it down and bring it back on the same port. Every secret and token it holds, hands out or receives
 * is registered with {@link LogCapture}, which checks that none of them reaches a log line.
 */
public final class EmulatorServer implements AutoCloseable {

	public static final String PATH = "/tglogin-emulator";

	private final BondifyEmulator bondify;

	private final XellarEmulator xellar;

	private final OidcEmulator oidc;

	private final Server server;

	private final ServerConnector connector;

	private int port;

	public EmulatorServer(BondifyEmulator bondify) {
		this(bondify, null);
	}

	public EmulatorServer(BondifyEmulator bondify, XellarEmulator xellar) {
		this(bondify, xellar, null);
	}

	/** Telegram's OpenID provider only. */
	public EmulatorServer(OidcEmulator oidc) {
		this(null, null, oidc);
	}

	public EmulatorServer(BondifyEmulator bondify, XellarEmulator xellar, OidcEmulator oidc) {
		this.bondify = bondify;
		this.xellar = xellar;
		this.oidc = oidc;
		this.server = new Server();
		this.connector = new ServerConnector(this.server);
		this.connector.setHost("127.0.0.1");
		this.server.addConnector(this.connector);
		ServletContextHandler context = new ServletContextHandler();
		if (bondify != null) {
			LogCapture.secret("the Bondify signing secret", bondify.secret());
		}
		if (xellar != null) {
			LogCapture.secret("the Xellar client secret", xellar.clientSecret());
		}
		if (oidc != null) {
			LogCapture.secret("the OpenID client secret", oidc.clientSecret());
		}
		context.addFilter(new FilterHolder(new TokenRecorder()), "/*", EnumSet.of(DispatcherType.REQUEST));
		context.addServlet(new ServletHolder(new EmulatorServlet(bondify, xellar, null, oidc)), PATH + "/*");
		this.server.setHandler(context);
		try {
			this.server.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		this.port = this.connector.getLocalPort();
	}

	public BondifyEmulator bondify() {
		return this.bondify;
	}

	public XellarEmulator xellar() {
		return this.xellar;
	}

	public OidcEmulator oidc() {
		return this.oidc;
	}

	/** The issuer of the emulated OpenID provider. */
	public String issuer() {
		return baseUrl() + EmulatorServlet.OIDC_ISSUER_PATH;
	}

	/** The base URL the library is configured with. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.port + PATH;
	}

	public URI uri(String path) {
		return URI.create(baseUrl() + path);
	}

	/**
	 * Waits, at most five seconds, until the emulated Bondify has no webhook delivery waiting or running (it delivers
	 * on a thread of its own, as Bondify does), and fails the test if it still has.
	 * @param bondify the emulator
	 */
	public static void awaitWebhooks(BondifyEmulator bondify) throws InterruptedException {
		for (int i = 0; i < 500 && !bondify.webhooksIdle(); i++) {
			Thread.sleep(10);
		}
		if (!bondify.webhooksIdle()) {
			throw new AssertionError("the emulator's webhook deliveries did not finish");
		}
	}

	/**
	 * Stops accepting connections, closes the open ones and returns once a new connection is refused: calls are
	 * refused. Stopping the connector alone may leave a client's pooled keep-alive connection open but unserved, so
	 * that a request on it times out instead of being refused (CI saw a Xellar call, and a clean-clone run of
	 * {@code .ci/run} once a Bondify status call, answered 504 in place of 503, on Jetty 12.0): hence the endpoints
	 * known before and after the stop are closed, and the port is probed until it refuses.
	 */
	public void goDown() throws Exception {
		Set<EndPoint> open = new HashSet<>(this.connector.getConnectedEndPoints());
		this.connector.stop();
		open.addAll(this.connector.getConnectedEndPoints());
		open.forEach(EndPoint::close);
		awaitRefused();
	}

	private void awaitRefused() throws InterruptedException {
		for (int i = 0; i < 500; i++) {
			try (Socket probe = new Socket()) {
				probe.connect(new InetSocketAddress("127.0.0.1", this.port), 100);
			}
			catch (IOException refused) {
				return;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("the emulator's port " + this.port + " still accepts connections after goDown()");
	}

	/** Accepts connections again on the same port. */
	public void comeBack() throws Exception {
		this.connector.setPort(this.port);
		this.connector.start();
	}

	@Override
	public void close() throws Exception {
		this.server.stop();
	}

}
