package dev.tglogin.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.Assert;

import static dev.tglogin.emulator.BondifyBodies.writeError;
import static dev.tglogin.emulator.EmulatorHttp.describe;
import static dev.tglogin.emulator.EmulatorHttp.setRetryAfter;

/**
 * Serves a {@link BondifyEmulator}, a {@link XellarEmulator} or both over HTTP, with the emulated Telegram page and
 * fault injection. Development and tests only.
 * <p>
 * Mount it with a path mapping such as {@code /tglogin-emulator/*} (or {@code /*}); every route is relative to that
 * mount point, and the routes of an emulator that is not mounted answer 404:
 * <ul>
 * <li>{@code POST} {@code /api/v1/generate/public} and {@code POST} {@code /api/v1/verify/public}: the
 * Bondify public API, JSON in and out as the real service (400 {@code INVALID_REQUEST} for a bad body, 404
 * {@code PROJECT_NOT_FOUND} / {@code SESSION_EXPIRED}). Point the library's Bondify base URL at the mount point.
 * The deeplink of a generated session is this servlet's {@value #TELEGRAM_PAGE} page, as an absolute URL built from
 * the request, so a browser that opens it lands on the emulated Telegram page. A queued {@link Fault} for the
 * endpoint is applied first.</li>
 * <li>{@code POST} {@code /api/v1/...} and {@code /api/v2/...} {@code auth/login-telegram},
 * {@code auth/verify-telegram} and {@code account/create} (with
 * {@code Authorization: Bearer <accessToken>}), and {@code POST} {@code /api/v2/wallet/refresh}: the
 * Xellar API as {@link XellarEmulator} describes it, with the {@code x-client-secret} header.
 * Every answer, errors included, is the envelope {@code {"status": <http status>, "message": ..., "data": ...}}
 * ({@code "data": null} on errors, a {@code Retry-After} header on 429); a body that is not a JSON object counts as
 * missing fields (400 {@code "Invalid request"}), and the optional body of account/create is ignored. Point the
 * library's Xellar base URL at the mount point. A queued {@link Fault} for the endpoint is applied first, before the
 * client secret is checked. {@code GET} {@value #SECRET0_PATH}{@code /<id>}, the {@code secret0Link} of a created
 * wallet, downloads its {@code secret0} as text for five minutes.</li>
 * <li>{@code GET} {@value #TELEGRAM_PAGE}{@code ?start=<session_token>} (the deeplink of a generated session): the
 * emulated Telegram page of that one Bondify session, with a form to confirm (button {@code id="confirm"}) or cancel
 * (button {@code id="cancel"}) it. The forms post to {@value #TELEGRAM_CONFIRM} (fields {@code session_token},
 * {@code telegram_id}, {@code telegram_name}, optional {@code telegram_username} and {@code telegram_phone}) and
 * {@value #TELEGRAM_CANCEL} ({@code session_token}), which redirect (303) back to the page of that session. Other
 * sessions are never listed: whoever knows a session token can confirm it as anyone.</li>
 * <li>{@code GET} {@value #TELEGRAM_PAGE}{@code [?phone=<phone number>]}: the section "Xellar OTP codes", with a form
 * (input {@code id="phone"}, button {@code id="show-otp"}) asking for the phone number the visitor logged in with;
 * with {@code phone}, each OTP sent to that number that can still be verified, newest first, with the masked phone
 * number ({@code +12***89}), in elements of {@code class="otp"}, the first with {@code id="otp"}. OTPs of other
 * numbers are never shown.</li>
 * <li>{@code POST} {@value #FAULTS_PATH} with
 * {@code {"endpoint":"verify","type":"latency|status|rateLimited|malformedJson|wrongTypes|hugeBody|drop",
 * "latencyMs":..,"status":..,"retryAfterSeconds":..,"bytes":..,"times":1}} queues a fault (204) in the queue of the
 * emulator that serves the endpoint (an endpoint name of {@link EmulatorFaults}); {@code endpoint} defaults to
 * {@code "*"}, which queues the fault for each mounted emulator ({@code times} counts per emulator), and
 * {@code times} to 1. {@code DELETE} {@value #FAULTS_PATH} clears every queue (204).</li>
 * <li>{@code GET} {@value #MINI_APP_LAUNCHER} (with a {@link MiniAppEmulator}): a form for the Telegram user who
 * opens the Mini App (button {@code id="launch"}), posting to {@code /miniapp/launch}, which answers 303 to the app
 * page set with {@link #setMiniAppPath(String)}, with the init data signed for that user in the fragment
 * ({@code #tgWebAppData=...}) as Telegram opens a Mini App.</li>
 * <li>Anything else: 404 JSON. Unexpected errors answer 500 {@code {"error":"emulator error"}} (the envelope on a
 * Xellar endpoint), never a stack trace. Request bodies above {@value #MAX_BODY_BYTES} bytes answer 413.</li>
 * </ul>
 * There is no authentication: only requests from a loopback address are answered (403 for others) unless
 * {@link #setRemoteAccessAllowed(boolean) remote access is allowed}. Never expose it in production.
 * <p>
 * Each part is its own class: {@link BondifyApi}, {@link XellarApi}, {@link TelegramPage} and {@link ControlEndpoint};
 * this servlet refuses remote clients, routes, and maps failures.
 * <p>
 * This class is thread-safe.
 */
public final class EmulatorServlet extends HttpServlet {

	/** The emulated Telegram page. */
	public static final String TELEGRAM_PAGE = TelegramPage.PATH;

	/** Form target of the page's Confirm button. */
	public static final String TELEGRAM_CONFIRM = TelegramPage.CONFIRM;

	/** Form target of the page's Cancel button. */
	public static final String TELEGRAM_CANCEL = TelegramPage.CANCEL;

	/** The emulated Mini App launcher: a form for the user, then the app opened with signed init data. */
	public static final String MINI_APP_LAUNCHER = MiniAppLauncherPage.PATH;

	/** Downloads of Xellar {@code secret0} links: {@code /secret0/<id>}. */
	public static final String SECRET0_PATH = XellarApi.SECRET0_PATH;

	/** Fault injection for out-of-process tests. */
	public static final String FAULTS_PATH = ControlEndpoint.PATH;

	/** The issuer of the emulated OpenID provider, below the mount point. */
	public static final String OIDC_ISSUER_PATH = OidcApi.PREFIX;

	/** Largest accepted request body. */
	public static final int MAX_BODY_BYTES = 64 * 1024;

	private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

	private static final Log logger = LogFactory.getLog(EmulatorServlet.class);

	private static final long serialVersionUID = 1L;

	private final transient List<EmulatorRoute> routes;

	private final transient @Nullable MiniAppLauncherPage miniAppLauncher;

	private volatile boolean remoteAccessAllowed;

	private final AtomicBoolean refusalLogged = new AtomicBoolean();

	/**
	 * Serves Bondify only.
	 * @param bondify the emulator to serve
	 */
	public EmulatorServlet(BondifyEmulator bondify) {
		this(bondify, null);
		Assert.notNull(bondify, "bondify cannot be null");
	}

	/**
	 * Serves either emulator or both.
	 * @param bondify the Bondify emulator, or {@code null} to serve Xellar only
	 * @param xellar the Xellar emulator, or {@code null} to serve Bondify only
	 */
	public EmulatorServlet(@Nullable BondifyEmulator bondify, @Nullable XellarEmulator xellar) {
		this(bondify, xellar, null, null);
	}

	/**
	 * Serves any of the emulators: Bondify, Xellar, the Mini App launcher ({@value #MINI_APP_LAUNCHER}, see
	 * {@link #setMiniAppPath(String)}) and Telegram's OpenID provider (below {@value #OIDC_ISSUER_PATH}: its discovery
	 * document, JWK Set, authorize page with Confirm and Cancel, and token endpoint).
	 * @param bondify the Bondify emulator, or {@code null}
	 * @param xellar the Xellar emulator, or {@code null}
	 * @param miniApp the Mini App emulator, or {@code null}
	 * @param oidc the OpenID provider, or {@code null}
	 */
	public EmulatorServlet(@Nullable BondifyEmulator bondify, @Nullable XellarEmulator xellar,
			@Nullable MiniAppEmulator miniApp, @Nullable OidcEmulator oidc) {
		Assert.isTrue(bondify != null || xellar != null || miniApp != null || oidc != null, "no emulator to serve");
		List<EmulatorRoute> routes = new ArrayList<>(7);
		if (oidc != null) {
			routes.add(new OidcApi(oidc));
			routes.add(new OidcAuthorizePage(oidc));
		}
		if (bondify != null) {
			routes.add(new BondifyApi(bondify));
		}
		if (xellar != null) {
			routes.add(new XellarApi(xellar));
		}
		this.miniAppLauncher = (miniApp != null) ? new MiniAppLauncherPage(miniApp) : null;
		if (this.miniAppLauncher != null) {
			routes.add(this.miniAppLauncher);
		}
		if (bondify != null || xellar != null) {
			routes.add(new TelegramPage(bondify, xellar));
			routes.add(new ControlEndpoint(bondify, xellar));
		}
		this.routes = List.copyOf(routes);
	}

	/**
	 * Sets the app page the Mini App launcher opens with signed init data: a path within the app's context, typically
	 * the login page ({@code /login/telegram}), whose script exchanges the init data for a session.
	 * @param path the path, starting with {@code /}
	 */
	public void setMiniAppPath(String path) {
		Assert.state(this.miniAppLauncher != null, "no MiniAppEmulator is served");
		Assert.isTrue(path != null && path.startsWith("/") && !path.startsWith("//"), "path must start with one /");
		this.miniAppLauncher.setAppPath(path);
	}

	/**
	 * Whether to answer requests from addresses other than loopback. Defaults to {@code false}: a request from another
	 * host (as the container sees it, so after a proxy's forwarded headers when the app trusts them) answers 403.
	 * Anyone who reaches the emulator can confirm any pending login as any Telegram user and read every OTP.
	 * @param remoteAccessAllowed whether requests from other hosts are answered
	 */
	public void setRemoteAccessAllowed(boolean remoteAccessAllowed) {
		this.remoteAccessAllowed = remoteAccessAllowed;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String route = null;
		try {
			if (!this.remoteAccessAllowed && !isLoopback(request.getRemoteAddr())) {
				if (this.refusalLogged.compareAndSet(false, true)) {
					logger.warn("Emulator request from a non-loopback address refused (403); this is logged once. "
							+ "tglogin.emulator.allow-remote-access=true (setRemoteAccessAllowed) allows them");
				}
				writeError(response, 403, EmulatorHttp.CODE_FORBIDDEN, "The emulator answers loopback requests only");
				return;
			}
			route = EmulatorHttp.route(request);
			for (EmulatorRoute candidate : this.routes) {
				if (candidate.handle(route, request, response)) {
					return;
				}
			}
			writeError(response, 404, EmulatorHttp.CODE_NOT_FOUND, "Not found");
		}
		catch (EmulatorException ex) {
			setRetryAfter(response, ex);
			BondifyBodies.write(response, BondifyAnswer.Refused.of(ex));
		}
		catch (IOException ex) {
			// the client went away; nothing to answer
			if (logger.isDebugEnabled()) {
				logger.debug("Emulator I/O error on " + describe(request, route) + ": " + ex);
			}
		}
		catch (RuntimeException ex) {
			logger.error("Emulator request failed: " + describe(request, route), ex);
			if (!response.isCommitted()) {
				response.reset();
				if (route != null && XellarApi.isEndpoint(route)) {
					XellarEnvelopes.writeError(response, 500, "emulator error");
				}
				else {
					BondifyBodies.write(response, new BondifyAnswer.Refused(500, null, "emulator error"));
				}
			}
		}
		finally {
			drain(request);
		}
	}

	/**
	 * Reads what is left of the request's body (an answer refused before the body was read: a wrong client secret, a
	 * 404), at most {@link #MAX_BODY_BYTES}, so that the container keeps the connection: Jetty 12.0 closes it when
	 * the body has not arrived yet as the answer completes, and a client that sent the next request on it then reads
	 * no answer at all.
	 */
	private static void drain(HttpServletRequest request) {
		if (request.isAsyncStarted()) {
			return;
		}
		try {
			jakarta.servlet.ServletInputStream body = request.getInputStream();
			if (body != null) {
				body.readNBytes(MAX_BODY_BYTES);
			}
		}
		catch (IOException | IllegalStateException ex) {
			// read through a reader already, or the client went away: nothing to keep
		}
	}

	/**
	 * Whether a remote address, an IP literal as the container reports it, is a loopback address. Never a DNS lookup:
	 * anything but an IPv4 or IPv6 literal counts as remote.
	 */
	static boolean isLoopback(@Nullable String address) {
		if (address == null || address.isEmpty()) {
			return false;
		}
		if (IPV4.matcher(address).matches()) {
			return address.startsWith("127.");
		}
		String literal = (address.startsWith("[") && address.endsWith("]"))
				? address.substring(1, address.length() - 1) : address;
		if (literal.indexOf(':') < 0) {
			return false;
		}
		try {
			// an IPv6 literal (a string with ':') is parsed, never looked up; ::ffff:127.0.0.1 becomes IPv4
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
