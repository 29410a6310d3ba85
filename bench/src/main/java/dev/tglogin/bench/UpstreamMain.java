package dev.tglogin.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatorServlet;

/**
 * The upstream JVM: the library's Bondify emulator (with the benchmark secret) behind {@link UpstreamLatencyServlet},
 * on its own Jetty (default pool), mounted at {@code /tglogin-emulator}.
 * <p>
 * Arguments: {@code --latency-ms=200}, {@code --gap-limit-ms=4000} (see {@link UpstreamLatencyServlet#stats()}). Prints {@code READY control=<port> upstream=<port>}. Control: {@code /jvm},
 * {@code /heap}, {@code /stats} and {@code /reset} (the upstream call counts), {@code /polling-started} (gaps between a session's calls count
 * from here).
 * <p>
 * The emulator keeps at most {@value BondifyEmulator#MAX_SESSIONS} sessions (the oldest is evicted beyond that), so a
 * benchmark uses a fresh upstream JVM for each run of up to that many logins.
 */
public final class UpstreamMain {

	static final String PATH = "/tglogin-emulator";

	private UpstreamMain() {
	}

	public static void main(String[] args) throws Exception {
		Control.quietLogging();
		Map<String, String> options = Args.parse(args);
		long latency = Long.parseLong(options.getOrDefault("latency-ms", "200"));
		BondifyEmulator bondify = BondifyEmulator.builder()
			.projectId(BenchApp.PROJECT_ID)
			.secret(BenchApp.SECRET)
			.build();
		long gapLimit = Long.parseLong(options.getOrDefault("gap-limit-ms", "4000"));
		UpstreamLatencyServlet servlet = new UpstreamLatencyServlet(new EmulatorServlet(bondify), latency, gapLimit);
		Server server = new Server();
		ServerConnector connector = new ServerConnector(server);
		connector.setHost("127.0.0.1");
		connector.setAcceptQueueSize(4096);
		server.addConnector(connector);
		ServletContextHandler context = new ServletContextHandler();
		context.addServlet(new ServletHolder(servlet), PATH + "/*");
		server.setHandler(context);
		server.start();
		Map<String, Supplier<Map<String, Object>>> routes = new LinkedHashMap<>();
		routes.put("/stats", servlet::stats);
		routes.put("/reset", servlet::reset);
		routes.put("/polling-started", servlet::pollingStarted);
		Control control = Control.start(routes);
		System.out.println("READY control=" + control.port() + " upstream=" + connector.getLocalPort());
		System.out.flush();
		Thread.currentThread().join();
	}

}
