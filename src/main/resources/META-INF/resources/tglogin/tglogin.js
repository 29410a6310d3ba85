/*!
 * tglogin.js: the browser client of tglogin (Login with Telegram for Spring Security).
 * Plain ES2017, no dependencies, no build step, no inline script needed (works with CSP script-src 'self').
 *
 * The library serves this file at <base path>/tglogin.js (default /login/telegram/tglogin.js) in every servlet app;
 * Spring Boot and Servlet containers also serve it from the jar as /tglogin/tglogin.js.
 *
 * Using it on your own login page
 * -------------------------------
 *   <head>
 *     <meta name="_csrf" content="${_csrf.token}">                 <!-- Spring Security's CsrfToken -->
 *     <meta name="_csrf_header" content="${_csrf.headerName}">   <!-- or csrf.spa(): the XSRF-TOKEN cookie -->
 *     <meta name="tglogin_base" content="/myapp/login/telegram">    <!-- context path + base path -->
 *     <script src="/myapp/login/telegram/tglogin.js" defer></script>
 *   </head>
 *   <body>
 *     <div data-tglogin="bondify"></div>   <!-- "Log in with Telegram" (deeplink + QR code) -->
 *     <div data-tglogin="xellar"></div>    <!-- phone number, then the code sent to Telegram -->
 *     <div data-tglogin="miniapp"></div>   <!-- opened as a Telegram Mini App: its init data exchanged for a session -->
 *   </body>
 *
 * The script binds every element with data-tglogin="bondify" or data-tglogin="xellar" when the page has loaded.
 * An empty element gets the script's own markup; to use your markup, give your elements
 * data-tglogin-part="<name>" (bondify: start, waiting, deeplink, qr, status, note, retry; xellar: phone-form,
 * phone, send, otp-form, otp, verify, resend, change, status; miniapp: status) and the script fills in whatever is
 * missing. Account linking runs the same flows under <base>/link (data-tglogin-base="/login/telegram/link"): its
 * "linked" answer counts as confirmed, and an identity linked to another account ends with the server's message, as
 * does a login refused because the identity is linked to no account (account_not_linked).
 * A container may name its own base path with data-tglogin-base="..." (on this page's origin: a base on another
 * origin is refused, and so is a redirectUrl of another origin, which sends the user to / instead). The status elements are live regions
 * (role="status"). Messages are plain text; nothing the server sends is inserted as HTML.
 *
 * Texts are English unless the page has a tglogin_messages meta tag: a JSON object of texts by key (the keys of
 * MESSAGES below), as the library's default login page writes it in the request's language; the numbers in texts
 * are written in the language of <html lang>. The server's error messages follow the request's Accept-Language.
 *
 * The containers fire two events: "tglogin:update" (detail: the state, after every change) and "tglogin:confirmed"
 * (detail: the server's answer; cancelable: call preventDefault() to stop the redirect to detail.redirectUrl).
 *
 * With a Content-Security-Policy, allow img-src data: (the QR code is a data: URL) and connect-src 'self'.
 *
 * JavaScript API (window.tglogin)
 * -------------------------------
 *   tglogin.start(options)  starts a Bondify login now and returns its controller
 *                           { start(), stop(), state() }; options:
 *                             element      the container to show it in (default: the first
 *                                          [data-tglogin="bondify"] on the page; none with onUpdate only)
 *                             base         the base path (default: meta tglogin_base, else /login/telegram);
 *                                          on this page's origin only: another origin is refused
 *                             onUpdate     function (state) called after every change: state.phase is idle,
 *                                          starting, waiting, confirmed, cancelled, expired, used, no-pending or
 *                                          error; state.message, state.note, state.deeplink, state.qrSvg
 *                             onConfirmed  function (answer) instead of location.assign(answer.redirectUrl)
 *                                          (redirectUrl is followed on this page's origin only, else /)
 *   tglogin.otp(options)    a Xellar OTP login controller { sendCode(phone), resend(), verify(otp),
 *                           changeNumber(), state() } (same options, no element)
 *   tglogin.bind(root)      binds the containers under root (done automatically for the document)
 */
(function (root, factory) {
	'use strict';
	const api = factory(root);
	if (typeof module === 'object' && module && module.exports) {
		module.exports = api;
	}
	if (root.document && typeof root.document.querySelectorAll === 'function') {
		root.tglogin = api;
		api.autoBind();
	}
})(typeof window !== 'undefined' ? window : globalThis, function (root) {
	'use strict';

	const VERSION = '0.1.0';
	const DEFAULT_BASE = '/login/telegram';
	const DEFAULT_POLL_MS = 2000;
	const MIN_POLL_MS = 500;
	const MAX_POLL_MS = 60000;
	const MAX_BACKOFF_MS = 30000;
	const DEFAULT_LIFETIME_MS = 10 * 60 * 1000;
	const MAX_LIFETIME_MS = 15 * 60 * 1000;
	const REQUEST_TIMEOUT_MS = 20000;
	const MAX_WAIT_SECONDS = 25;
	/**
	 * The texts, in English; the default login page hands the script the texts of the request's language in its
	 * tglogin_messages meta tag (a JSON object with these keys), read once when the script loads. {0} is a number.
	 */
	const MESSAGES = {
		start: 'Log in with Telegram',
		openTelegram: 'Open Telegram',
		retry: 'Try again',
		qrAlt: 'QR code: scan with your phone to open Telegram',
		phoneLabel: 'Phone number',
		send: 'Send code',
		otpLabel: 'Code from Telegram',
		verify: 'Log in',
		resend: 'Send a new code',
		change: 'Use another number',
		starting: 'Starting the login\u2026',
		waitingDesktop: 'Scan the QR code with your phone, or open Telegram on this computer. Then confirm the login in Telegram.',
		waitingMobile: 'Open Telegram and confirm the login there. Then come back to this page.',
		confirmed: 'You are logged in. Redirecting\u2026',
		cancelled: 'The login was cancelled in Telegram.',
		expired: 'The login request has expired.',
		used: 'This login request was already used.',
		'no-pending': 'This login is no longer in progress (it may have ended in another tab).',
		connection: 'Connection problem, retrying\u2026',
		busy: 'The server is busy, retrying\u2026',
		unreachable: 'Could not reach the server. Check your connection and try again.',
		forbidden: 'Your session has expired. Reload the page and try again.',
		unavailable: 'The Telegram login service is not available right now. Try again in a moment.',
		serverError: 'Something went wrong on the server. Try again in a moment.',
		unexpected: 'The server gave an unexpected answer. Try again.',
		badLink: 'The server sent a login link that cannot be opened. Try again.',
		failed: 'The login could not be completed. Try again.',
		tooManyRequests: 'Too many requests. Try again in {0} s.',
		sending: 'Sending the code\u2026',
		codeSent: 'We sent a code to your Telegram. Enter it below.',
		badPhone: 'Enter your phone number in international format, starting with + and the country code.',
		verifying: 'Checking the code\u2026',
		badOtp: 'Enter the digits of the code from Telegram.',
		wrongCode: 'The code is wrong. Try again.',
		wrongCodeAttempts: 'The code is wrong. Attempts left: {0}.',
		otpExpired: 'The code has expired. Send a new code.',
		tooManyAttempts: 'Too many wrong codes. Send a new code.',
		noPendingCode: 'No code is waiting to be entered. Send a new code.',
		refused: 'The login was refused. Send a new code to try again.',
		miniAppOutside: 'Open this page from the app in Telegram to log in with your Telegram account.',
		miniAppLoggingIn: 'Logging in with your Telegram account\u2026',
		miniAppRefused: 'Telegram\u2019s login data was not accepted. Close the app and open it again from Telegram.',
	};

	const TERMINAL = ['cancelled', 'expired', 'used', 'no-pending', 'error'];

	/** The language numbers are written in ({0} in a text): the page's lang when the page handed texts. */
	let textLocale = 'en';

	// ---------------------------------------------------------------- pure helpers (unit-tested with node --test)

	/**
	 * Takes the texts of a JSON object (the tglogin_messages meta tag) in place of the English ones: only the known
	 * keys, only non-empty strings. Returns how many were taken; bad JSON changes nothing.
	 */
	function useMessages(json, locale) {
		let texts;
		try {
			texts = JSON.parse(json);
		}
		catch (e) {
			return 0;
		}
		if (!texts || typeof texts !== 'object') {
			return 0;
		}
		let taken = 0;
		Object.keys(MESSAGES).forEach(function (key) {
			if (Object.prototype.hasOwnProperty.call(texts, key) && typeof texts[key] === 'string' && texts[key]) {
				MESSAGES[key] = texts[key];
				taken++;
			}
		});
		if (taken > 0 && typeof locale === 'string' && locale) {
			textLocale = locale;
		}
		return taken;
	}

	/** A text with its {0} replaced by a number written the way the texts' language writes numbers. */
	function format(text, value) {
		let number = String(value);
		try {
			number = Number(value).toLocaleString(textLocale);
		}
		catch (e) {
			// an unknown language tag: plain digits
		}
		return String(text).replace('{0}', number);
	}

	/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date), or null. */
	function parseRetryAfter(value, nowMs) {
		if (value === null || value === undefined) {
			return null;
		}
		const text = String(value).trim();
		if (/^\d+$/.test(text)) {
			return Number(text) * 1000;
		}
		const at = Date.parse(text);
		return isNaN(at) ? null : Math.max(0, at - nowMs);
	}

	/** The delay before retry number `failures` (1, 2, ...): base, 2 x base, 4 x base, ... capped. */
	function backoffDelay(failures, baseMs, capMs) {
		const exponent = Math.max(0, Math.min(failures, 20) - 1);
		return Math.min(capMs, baseMs * Math.pow(2, exponent));
	}

	/** The poll interval the server advertised, kept within sane bounds. */
	function pollInterval(value) {
		const ms = Number(value);
		if (!isFinite(ms) || ms <= 0) {
			return DEFAULT_POLL_MS;
		}
		return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, ms));
	}

	/** The longest long-poll wait the server advertised (maxWaitSeconds), 0 when none: then the client polls. */
	function longPollSeconds(value) {
		const seconds = Number(value);
		if (!isFinite(seconds) || seconds < 1) {
			return 0;
		}
		return Math.min(MAX_WAIT_SECONDS, Math.floor(seconds));
	}

	/**
	 * When the login ends, on this browser's clock: the server's expiresAt measured against the server's Date
	 * header (so a wrong client clock does not matter), else the absolute time when plausible, else 10 minutes.
	 */
	function computeDeadline(expiresAt, serverDate, nowMs) {
		const expires = Date.parse(expiresAt);
		if (isNaN(expires)) {
			return nowMs + DEFAULT_LIFETIME_MS;
		}
		const server = serverDate ? Date.parse(serverDate) : NaN;
		const remaining = isNaN(server) ? expires - nowMs : expires - server;
		if (remaining > 0 && remaining <= MAX_LIFETIME_MS) {
			return nowMs + remaining;
		}
		return isNaN(server) ? nowMs + DEFAULT_LIFETIME_MS : nowMs + Math.max(0, Math.min(remaining, MAX_LIFETIME_MS));
	}

	/** The absolute URL if it parses and has one of the protocols, else null (never javascript: or data:). */
	function safeUrl(url, baseHref, protocols) {
		if (typeof url !== 'string' || url === '') {
			return null;
		}
		try {
			const parsed = new URL(url, baseHref);
			return protocols.indexOf(parsed.protocol) >= 0 ? parsed.href : null;
		}
		catch (e) {
			return null;
		}
	}

	/**
	 * The absolute URL if it is on the page's own origin (a path, or an http(s) URL of that origin), else null: never
	 * another origin, a protocol-relative //host, javascript: or data:, and nothing with a backslash, a space or a
	 * control character (browsers read a backslash as a slash and drop tabs and newlines, so /\\host is //host).
	 */
	function sameOriginUrl(url, baseHref) {
		if (typeof url !== 'string' || url === '' || /[\\\u0000-\u0020\u007f]/.test(url)) {
			return null;
		}
		try {
			const page = new URL(baseHref);
			const parsed = new URL(url, page);
			const web = parsed.protocol === 'http:' || parsed.protocol === 'https:';
			return web && parsed.origin === page.origin ? parsed.href : null;
		}
		catch (e) {
			return null;
		}
	}

	/** Whether this looks like a phone: a mobile user agent, or a touch screen that is also narrow. */
	function isMobile(nav, matchMedia) {
		nav = nav || {};
		if (nav.userAgentData && nav.userAgentData.mobile === true) {
			return true;
		}
		const ua = String(nav.userAgent || '');
		if (/Android|iPhone|iPad|iPod|Mobile|Windows Phone|Opera Mini/i.test(ua)) {
			return true;
		}
		if (/Macintosh/.test(ua) && nav.maxTouchPoints > 1) {
			return true; // iPadOS asks for desktop pages
		}
		if (typeof matchMedia === 'function') {
			try {
				return matchMedia('(pointer: coarse)').matches && matchMedia('(max-width: 48rem)').matches;
			}
			catch (e) {
				return false;
			}
		}
		return false;
	}

	/** The phone number in E.164 form (separators removed), or null; the server checks it again. */
	function normalizePhone(text) {
		const compact = String(text === undefined || text === null ? '' : text).replace(/[\s().-]/g, '');
		return /^\+[1-9][0-9]{6,14}$/.test(compact) ? compact : null;
	}

	/** The digits of an OTP (spaces and dashes removed), or null. */
	function normalizeOtp(text) {
		const compact = String(text === undefined || text === null ? '' : text).replace(/[\s-]/g, '');
		return /^[0-9]{4,10}$/.test(compact) ? compact : null;
	}

	/** The data: URL of the server's QR code SVG, or null when it is not one. */
	/**
	 * The init data of a Telegram Mini App: Telegram.WebApp.initData when Telegram's script is on the page, else the
	 * tgWebAppData parameter of the URL fragment Telegram opens the app with; '' when the page was not opened as a Mini
	 * App. The value is passed on as it is: the server checks its signature.
	 */
	function miniAppInitData(webApp, hash) {
		if (webApp && typeof webApp.initData === 'string' && webApp.initData !== '') {
			return webApp.initData;
		}
		if (typeof hash !== 'string' || hash.length < 2 || typeof URLSearchParams !== 'function') {
			return '';
		}
		return new URLSearchParams(hash.charAt(0) === '#' ? hash.substring(1) : hash).get('tgWebAppData') || '';
	}

	function svgDataUrl(svg) {
		if (typeof svg !== 'string' || !/^<svg[\s>]/.test(svg)) {
			return null;
		}
		return 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
	}

	function serverMessage(json) {
		return json && typeof json.message === 'string' && json.message ? json.message.slice(0, 300) : null;
	}

	/** The message for a failed call that the user must retry by hand. */
	function describeFailure(res, nowMs) {
		const status = res.status;
		if (status === 0) {
			return MESSAGES.unreachable;
		}
		if (status === 403) {
			return MESSAGES.forbidden;
		}
		if (status === 429) {
			const wait = parseRetryAfter(res.retryAfter, nowMs);
			const seconds = wait === null ? 60 : Math.max(1, Math.ceil(wait / 1000));
			return format(MESSAGES.tooManyRequests, seconds);
		}
		if (status === 502 || status === 503 || status === 504) {
			return MESSAGES.unavailable;
		}
		if (status >= 500) {
			return MESSAGES.serverError;
		}
		if (status >= 200 && status < 300) {
			return MESSAGES.unexpected;
		}
		return serverMessage(res.json) || MESSAGES.failed;
	}

	/**
	 * What to do with an answer of POST /status: {action: 'wait', delayMs, failures, note},
	 * {action: 'confirmed'} or {action: 'end', phase, message?, canRetry?}.
	 */
	function decidePoll(res, ctx) {
		const status = res.status;
		const json = res.json || {};
		if (status === 200) {
			if (json.status === 'pending') {
				return { action: 'wait', delayMs: ctx.intervalMs, failures: 0, note: '' };
			}
			if (json.status === 'confirmed' || json.status === 'linked') {
				return { action: 'confirmed' };
			}
			if (json.status === 'cancelled' || json.status === 'expired' || json.status === 'used') {
				return { action: 'end', phase: json.status };
			}
			return { action: 'end', phase: 'error', message: MESSAGES.unexpected };
		}
		if (status === 409 && json.error !== 'account_already_linked') {
			return { action: 'end', phase: 'no-pending' };
		}
		if (status === 429) {
			const failures = ctx.failures + 1;
			const wait = parseRetryAfter(res.retryAfter, ctx.nowMs);
			const delayMs = wait === null ? backoffDelay(failures, ctx.intervalMs, MAX_BACKOFF_MS) : wait;
			return { action: 'wait', delayMs: Math.max(ctx.intervalMs, delayMs), failures: failures, note: MESSAGES.busy };
		}
		if (status === 0 || status >= 500) {
			const failures = ctx.failures + 1;
			return { action: 'wait', delayMs: backoffDelay(failures, ctx.intervalMs, MAX_BACKOFF_MS), failures: failures,
				note: MESSAGES.connection };
		}
		if (status === 403) {
			return { action: 'end', phase: 'error', message: MESSAGES.forbidden, canRetry: false };
		}
		return { action: 'end', phase: 'error', message: serverMessage(json) || MESSAGES.failed };
	}

	function attemptsMessage(left) {
		if (!isFinite(left) || left < 1) {
			return MESSAGES.wrongCode;
		}
		return format(MESSAGES.wrongCodeAttempts, left);
	}

	/**
	 * What an answer of POST /otp/verify means: {action: 'confirmed'} or {phase: 'code' | 'new-code', message,
	 * invalid?, attemptsLeft?}.
	 */
	function decideVerify(res, nowMs) {
		const status = res.status;
		const json = res.json || {};
		if (status === 200 && (json.status === 'confirmed' || json.status === 'linked')) {
			return { action: 'confirmed' };
		}
		if (status === 401 && json.error === 'invalid_otp') {
			const left = Number(json.attemptsLeft);
			return { phase: 'code', invalid: 'otp', attemptsLeft: isFinite(left) ? left : null,
				message: attemptsMessage(left) };
		}
		if (status === 401 && json.error === 'otp_expired') {
			return { phase: 'new-code', message: MESSAGES.otpExpired };
		}
		if (status === 429 && json.error === 'too_many_attempts') {
			return { phase: 'new-code', message: MESSAGES.tooManyAttempts };
		}
		if (status === 409 && json.error === 'account_already_linked') {
			return { phase: 'new-code', message: serverMessage(json) || MESSAGES.failed };
		}
		if (status === 409) {
			return { phase: 'new-code', message: MESSAGES.noPendingCode };
		}
		if (status === 400) {
			return { phase: 'code', invalid: 'otp', message: MESSAGES.badOtp };
		}
		if (status === 401 && json.error === 'account_not_linked') {
			// the app's own words (its messages, in the request's language): connect the account first
			return { phase: 'new-code', message: serverMessage(json) || MESSAGES.refused };
		}
		if (status === 401) {
			return { phase: 'new-code', message: MESSAGES.refused };
		}
		return { phase: 'code', message: describeFailure(res, nowMs) };
	}

	// ---------------------------------------------------------------- HTTP

	function browserEnv() {
		return {
			fetch: function (url, init) {
				return root.fetch(url, init);
			},
			setTimeout: function (fn, ms) {
				return root.setTimeout(fn, ms);
			},
			clearTimeout: function (id) {
				root.clearTimeout(id);
			},
			now: function () {
				return Date.now();
			},
			href: function () {
				return root.location ? root.location.href : 'http://localhost/';
			},
			assign: function (url) {
				root.location.assign(url);
			},
			meta: function (name) {
				const element = root.document ? root.document.querySelector('meta[name="' + name + '"]') : null;
				return element ? element.getAttribute('content') : null;
			},
			cookies: function () {
				return (root.document && typeof root.document.cookie === 'string') ? root.document.cookie : '';
			},
			mobile: function () {
				return isMobile(root.navigator, typeof root.matchMedia === 'function' ? root.matchMedia.bind(root) : null);
			},
		};
	}

	/**
	 * The base path: the option (or data-tglogin-base), else the tglogin_base meta tag, else the default. A value on
	 * another origin (or protocol-relative, or not http) is refused and the next one is used: the requests carry the
	 * CSRF token and the user's phone number and code.
	 */
	function resolveBase(value, env) {
		const candidates = [value, env.meta('tglogin_base')];
		for (let i = 0; i < candidates.length; i++) {
			const base = candidates[i];
			if (typeof base !== 'string' || base === '') {
				continue;
			}
			if (sameOriginUrl(base, env.href()) !== null) {
				return base.replace(/\/+$/, '');
			}
			if (typeof console === 'object' && console && typeof console.warn === 'function') {
				console.warn('tglogin: base path refused (not on this page\'s origin): ' + base);
			}
		}
		return DEFAULT_BASE;
	}

	/**
	 * The CSRF header of a POST: the _csrf_header and _csrf meta tags (Spring Security's CsrfToken on the page), else
	 * the XSRF-TOKEN cookie of CookieCsrfTokenRepository (csrf.spa()) as X-XSRF-TOKEN, its default header; null
	 * without either.
	 */
	function csrfHeader(env) {
		const name = env.meta('_csrf_header');
		const token = env.meta('_csrf');
		if (name && token) {
			return { name: name, value: token };
		}
		const cookie = cookieValue(typeof env.cookies === 'function' ? env.cookies() : '', 'XSRF-TOKEN');
		return cookie ? { name: 'X-XSRF-TOKEN', value: cookie } : null;
	}

	/** The value of a cookie in a document.cookie string (URL-decoded when it can be), or null. */
	function cookieValue(cookies, name) {
		const parts = String(cookies || '').split(';');
		for (let i = 0; i < parts.length; i++) {
			const part = parts[i].trim();
			const eq = part.indexOf('=');
			if (eq > 0 && part.slice(0, eq) === name) {
				const raw = part.slice(eq + 1);
				try {
					return decodeURIComponent(raw) || null;
				}
				catch (e) {
					return raw || null;
				}
			}
		}
		return null;
	}

	/**
	 * POSTs JSON with the CSRF header and the session cookie; never rejects: a network failure answers status 0.
	 * Resolves to {status, json, retryAfter, date}.
	 */
	async function post(env, base, path, body, timeoutMs) {
		const headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
		const csrf = csrfHeader(env);
		if (csrf) {
			headers[csrf.name] = csrf.value;
		}
		const abort = typeof AbortController === 'function' ? new AbortController() : null;
		const timer = abort ? env.setTimeout(function () {
			abort.abort();
		}, timeoutMs || REQUEST_TIMEOUT_MS) : null;
		try {
			const response = await env.fetch(base + path, {
				method: 'POST',
				headers: headers,
				body: JSON.stringify(body || {}),
				credentials: 'same-origin',
				cache: 'no-store',
				signal: abort ? abort.signal : undefined,
			});
			const text = await response.text();
			let json = {};
			try {
				const parsed = text ? JSON.parse(text) : {};
				if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
					json = parsed;
				}
			}
			catch (e) {
				json = {};
			}
			return { status: response.status, json: json, retryAfter: response.headers.get('Retry-After'),
				date: response.headers.get('Date') };
		}
		catch (e) {
			return { status: 0, json: {}, retryAfter: null, date: null };
		}
		finally {
			if (timer !== null) {
				env.clearTimeout(timer);
			}
		}
	}

	function defaultConfirmed(env) {
		return function (answer) {
			// only on this origin: an answer must not send the user elsewhere (open redirect)
			env.assign(sameOriginUrl(answer && answer.redirectUrl, env.href()) || '/');
		};
	}

	// ---------------------------------------------------------------- controllers (no DOM)

	/**
	 * The Bondify deeplink login: POST /start, then POST /status every pollIntervalMs until a final answer or the
	 * deadline, backing off on 429 (Retry-After) and on 5xx or network errors. When the start answer advertises
	 * maxWaitSeconds, each status request asks the server to hold it ({"waitSeconds": n}, long-poll) and the next one
	 * follows at once, never more often than pollIntervalMs; after a network failure of a held request (a proxy that
	 * cuts long requests) it falls back to plain polling.
	 * hooks.onUpdate(state) and hooks.onConfirmed(answer) are read at call time, so they may be replaced later.
	 */
	function createBondifyLogin(options) {
		const hooks = options || {};
		const env = hooks.env || browserEnv();
		const base = resolveBase(hooks.base, env);
		let state = { phase: 'idle', busy: false, message: '', note: '', deeplink: null, qrSvg: null,
			expiresAt: null, canRetry: false };
		let generation = 0;
		let timer = null;
		let polling = false;
		let failures = 0;
		let intervalMs = DEFAULT_POLL_MS;
		let waitSeconds = 0;
		let deadline = 0;

		function set(patch) {
			state = Object.assign({}, state, patch);
			if (typeof hooks.onUpdate === 'function') {
				hooks.onUpdate(state);
			}
		}

		function clearTimer() {
			if (timer !== null) {
				env.clearTimeout(timer);
				timer = null;
			}
		}

		function schedule(gen, delayMs) {
			clearTimer();
			const untilDeadline = Math.max(0, deadline - env.now());
			timer = env.setTimeout(function () {
				timer = null;
				poll(gen);
			}, Math.min(delayMs, untilDeadline));
		}

		function end(phase, message, canRetry) {
			generation++;
			clearTimer();
			set({ phase: phase, busy: false, message: message || MESSAGES[phase] || MESSAGES.failed, note: '',
				deeplink: null, qrSvg: null, canRetry: canRetry !== false });
		}

		async function start() {
			if (state.busy) {
				return;
			}
			clearTimer();
			const gen = ++generation;
			failures = 0;
			set({ phase: 'starting', busy: true, message: MESSAGES.starting, note: '', deeplink: null, qrSvg: null,
				expiresAt: null, canRetry: false });
			const res = await post(env, base, '/start');
			if (gen !== generation) {
				return;
			}
			if (res.status !== 200) {
				end('error', describeFailure(res, env.now()), res.status !== 403);
				return;
			}
			// http: too, for the emulator during development; never javascript: or data:
			const deeplink = safeUrl(res.json.deeplink, env.href(), ['https:', 'http:', 'tg:']);
			if (!deeplink) {
				end('error', MESSAGES.badLink);
				return;
			}
			intervalMs = pollInterval(res.json.pollIntervalMs);
			waitSeconds = longPollSeconds(res.json.maxWaitSeconds);
			deadline = computeDeadline(res.json.expiresAt, res.date, env.now());
			const mobile = typeof env.mobile === 'function' && env.mobile();
			set({ phase: 'waiting', busy: false, message: mobile ? MESSAGES.waitingMobile : MESSAGES.waitingDesktop,
				deeplink: deeplink, qrSvg: typeof res.json.qrSvg === 'string' ? res.json.qrSvg : null,
				expiresAt: deadline, mobile: mobile });
			schedule(gen, waitSeconds > 0 ? 0 : intervalMs);
		}

		async function poll(gen) {
			if (gen !== generation || state.phase !== 'waiting') {
				return;
			}
			if (env.now() >= deadline) {
				end('expired');
				return;
			}
			polling = true;
			const began = env.now();
			const wait = waitSeconds > 0 ? Math.min(waitSeconds, Math.ceil((deadline - began) / 1000)) : 0;
			const res = wait > 0 ? await post(env, base, '/status', { waitSeconds: wait }, wait * 1000 + REQUEST_TIMEOUT_MS)
				: await post(env, base, '/status');
			polling = false;
			if (gen !== generation) {
				return;
			}
			if (wait > 0 && res.status === 0) {
				waitSeconds = 0;
			}
			const decision = decidePoll(res, { failures: failures, intervalMs: intervalMs, nowMs: env.now() });
			if (decision.action === 'wait') {
				failures = decision.failures;
				if (decision.note !== state.note) {
					set({ note: decision.note });
				}
				// a held request that answered pending may follow at once, but not more often than the interval
				const held = wait > 0 && res.status === 200;
				schedule(gen, held ? Math.max(0, intervalMs - (env.now() - began)) : decision.delayMs);
			}
			else if (decision.action === 'confirmed') {
				generation++;
				set({ phase: 'confirmed', busy: true, message: MESSAGES.confirmed, note: '', canRetry: false });
				(typeof hooks.onConfirmed === 'function' ? hooks.onConfirmed : defaultConfirmed(env))(res.json);
			}
			else {
				end(decision.phase, decision.message, decision.canRetry);
			}
		}

		/** Polls at once (e.g. when the user comes back from Telegram), unless backing off or already polling. */
		function pollNow() {
			if (state.phase === 'waiting' && timer !== null && !polling && failures === 0) {
				clearTimer();
				poll(generation);
			}
		}

		function stop() {
			generation++;
			clearTimer();
			set({ phase: 'idle', busy: false, message: '', note: '', deeplink: null, qrSvg: null, canRetry: false });
		}

		return {
			start: start,
			stop: stop,
			pollNow: pollNow,
			state: function () {
				return state;
			},
		};
	}

	/** The Xellar OTP login: POST /otp with the phone number, then POST /otp/verify with the code. */
	function createXellarLogin(options) {
		const hooks = options || {};
		const env = hooks.env || browserEnv();
		const base = resolveBase(hooks.base, env);
		let state = { phase: 'phone', busy: false, message: '', invalid: null, attemptsLeft: null };
		let phoneNumber = null;

		function set(patch) {
			state = Object.assign({}, state, patch);
			if (typeof hooks.onUpdate === 'function') {
				hooks.onUpdate(state);
			}
		}

		async function sendCode(input) {
			if (state.busy || state.phase === 'confirmed') {
				return;
			}
			const phone = input === undefined ? phoneNumber : normalizePhone(input);
			if (!phone) {
				set({ phase: 'phone', message: MESSAGES.badPhone, invalid: 'phone' });
				return;
			}
			set({ busy: true, message: MESSAGES.sending, invalid: null });
			const res = await post(env, base, '/otp', { phoneNumber: phone });
			if (res.status === 200 && res.json.status === 'otp_sent') {
				phoneNumber = phone;
				set({ phase: 'code', busy: false, message: MESSAGES.codeSent, attemptsLeft: null });
			}
			else if (res.status === 400) {
				set({ phase: 'phone', busy: false, message: MESSAGES.badPhone, invalid: 'phone' });
			}
			else {
				set({ busy: false, message: describeFailure(res, env.now()) });
			}
		}

		async function verify(input) {
			if (state.busy || state.phase !== 'code') {
				return;
			}
			const otp = normalizeOtp(input);
			if (!otp) {
				set({ message: MESSAGES.badOtp, invalid: 'otp' });
				return;
			}
			set({ busy: true, message: MESSAGES.verifying, invalid: null });
			const res = await post(env, base, '/otp/verify', { otp: otp });
			const decision = decideVerify(res, env.now());
			if (decision.action === 'confirmed') {
				set({ phase: 'confirmed', busy: true, message: MESSAGES.confirmed });
				(typeof hooks.onConfirmed === 'function' ? hooks.onConfirmed : defaultConfirmed(env))(res.json);
				return;
			}
			set({ phase: decision.phase, busy: false, message: decision.message, invalid: decision.invalid || null,
				attemptsLeft: decision.attemptsLeft === undefined ? state.attemptsLeft : decision.attemptsLeft });
		}

		function changeNumber() {
			if (!state.busy && state.phase !== 'confirmed') {
				set({ phase: 'phone', message: '', invalid: null, attemptsLeft: null });
			}
		}

		return {
			sendCode: sendCode,
			resend: function () {
				return sendCode(undefined);
			},
			verify: verify,
			changeNumber: changeNumber,
			state: function () {
				return state;
			},
		};
	}

	/**
	 * The Mini App login: POST /miniapp with the init data Telegram gave the app, which the server exchanges once for
	 * a session. hooks.onUpdate(state) and hooks.onConfirmed(answer) as for the other flows.
	 */
	function createMiniAppLogin(options) {
		const hooks = options || {};
		const env = hooks.env || browserEnv();
		const base = resolveBase(hooks.base, env);
		let state = { phase: 'idle', busy: false, message: '' };

		function set(patch) {
			state = Object.assign({}, state, patch);
			if (typeof hooks.onUpdate === 'function') {
				hooks.onUpdate(state);
			}
		}

		async function exchange(initData) {
			if (state.busy || state.phase === 'confirmed') {
				return;
			}
			if (typeof initData !== 'string' || initData === '') {
				set({ phase: 'outside', message: MESSAGES.miniAppOutside });
				return;
			}
			set({ phase: 'exchanging', busy: true, message: MESSAGES.miniAppLoggingIn });
			const res = await post(env, base, '/miniapp', { initData: initData });
			if (res.status === 200 && res.json.status === 'confirmed') {
				set({ phase: 'confirmed', message: MESSAGES.confirmed });
				(typeof hooks.onConfirmed === 'function' ? hooks.onConfirmed : defaultConfirmed(env))(res.json);
				return;
			}
			set({ phase: 'error', busy: false,
				message: res.status === 401 ? MESSAGES.miniAppRefused : describeFailure(res, env.now()) });
		}

		return {
			exchange: exchange,
			state: function () {
				return state;
			},
		};
	}

	// ---------------------------------------------------------------- DOM

	const IDS = {
		bondify: { start: 'tglogin-start', waiting: 'tglogin-waiting', deeplink: 'tglogin-deeplink', qr: 'tglogin-qr',
			status: 'tglogin-status', note: 'tglogin-note', retry: 'tglogin-retry' },
		xellar: { 'phone-form': 'tglogin-phone-form', phone: 'tglogin-phone', send: 'tglogin-send',
			'otp-form': 'tglogin-otp-form', otp: 'tglogin-otp', verify: 'tglogin-verify', resend: 'tglogin-resend',
			change: 'tglogin-change-phone', status: 'tglogin-xellar-status' },
		miniapp: { status: 'tglogin-miniapp-status' },
	};

	const bound = typeof WeakMap === 'function' ? new WeakMap() : null;

	function element(doc, tag, attributes, text) {
		const created = doc.createElement(tag);
		Object.keys(attributes || {}).forEach(function (name) {
			created.setAttribute(name, attributes[name]);
		});
		if (text) {
			created.textContent = text;
		}
		return created;
	}

	function uniqueId(doc, id) {
		let candidate = id;
		for (let i = 2; doc.getElementById(candidate); i++) {
			candidate = id + '-' + i;
		}
		return candidate;
	}

	/** Finds the part in the container, or creates it (with its well-known id when free) and appends it. */
	function part(container, flow, name, parent, create) {
		const found = container.querySelector('[data-tglogin-part="' + name + '"]');
		if (found) {
			return found;
		}
		const doc = container.ownerDocument;
		const created = create(doc);
		created.setAttribute('data-tglogin-part', name);
		if (!created.id) {
			created.id = uniqueId(doc, IDS[flow][name]);
		}
		(parent || container).appendChild(created);
		return created;
	}

	function labelled(doc, form, input, text) {
		const label = element(doc, 'label', { for: input.id }, text);
		form.insertBefore(label, input);
	}

	function hiddenOrDisabled(el) {
		return !el || el.disabled || el.hidden || (typeof el.closest === 'function' && el.closest('[hidden]') !== null);
	}

	/** Moves focus to the target when focus was lost (on the body, or on an element that is now hidden). */
	function keepFocus(container, target) {
		const doc = container.ownerDocument;
		const active = doc.activeElement;
		const lost = !active || active === doc.body || (container.contains(active) && hiddenOrDisabled(active));
		if (lost && target && !hiddenOrDisabled(target) && typeof target.focus === 'function') {
			target.focus();
		}
	}

	function setText(el, text) {
		if (el.textContent !== text) {
			el.textContent = text;
		}
	}

	function fire(container, name, detail, cancelable) {
		const view = container.ownerDocument.defaultView;
		if (!view || typeof view.CustomEvent !== 'function') {
			return true;
		}
		return container.dispatchEvent(new view.CustomEvent(name, { detail: detail, bubbles: true,
			cancelable: !!cancelable }));
	}

	function confirmedHandler(container, env, userHooks) {
		return function (answer) {
			if (typeof userHooks.onConfirmed === 'function') {
				userHooks.onConfirmed(answer);
				return;
			}
			if (fire(container, 'tglogin:confirmed', answer, true)) {
				defaultConfirmed(env)(answer);
			}
		};
	}

	function bindBondify(container, options) {
		const existing = bound && bound.get(container);
		if (existing) {
			return existing;
		}
		const userHooks = Object.assign({}, options || {});
		const env = userHooks.env || browserEnv();
		const doc = container.ownerDocument;
		const parts = {};
		parts.start = part(container, 'bondify', 'start', null, function (d) {
			return element(d, 'button', { type: 'button' }, MESSAGES.start);
		});
		parts.waiting = part(container, 'bondify', 'waiting', null, function (d) {
			return element(d, 'div', { hidden: '' });
		});
		parts.deeplink = part(container, 'bondify', 'deeplink', parts.waiting, function (d) {
			return element(d, 'a', { class: 'tglogin-button', target: '_blank', rel: 'noopener noreferrer' },
				MESSAGES.openTelegram);
		});
		parts.qr = part(container, 'bondify', 'qr', parts.waiting, function (d) {
			return element(d, 'div', { class: 'tglogin-qr', hidden: '' });
		});
		parts.status = part(container, 'bondify', 'status', null, function (d) {
			return element(d, 'p', { class: 'tglogin-status', role: 'status', 'aria-live': 'polite' });
		});
		parts.note = part(container, 'bondify', 'note', null, function (d) {
			return element(d, 'p', { class: 'tglogin-note', role: 'status', 'aria-live': 'polite' });
		});
		parts.retry = part(container, 'bondify', 'retry', null, function (d) {
			return element(d, 'button', { type: 'button', hidden: '' }, MESSAGES.retry);
		});

		let shownQr = null;
		let lastPhase = 'idle';
		const hooks = {
			env: env,
			base: container.getAttribute('data-tglogin-base') || userHooks.base,
			onUpdate: function (state) {
				render(state);
				fire(container, 'tglogin:update', state, false);
				if (typeof userHooks.onUpdate === 'function') {
					userHooks.onUpdate(state);
				}
			},
			onConfirmed: confirmedHandler(container, env, userHooks),
		};
		const login = createBondifyLogin(hooks);

		function showQr(svg) {
			if (svg === shownQr) {
				return;
			}
			shownQr = svg;
			while (parts.qr.firstChild) {
				parts.qr.removeChild(parts.qr.firstChild);
			}
			const src = svgDataUrl(svg);
			if (src) {
				const img = doc.createElement('img');
				img.src = src;
				img.alt = MESSAGES.qrAlt;
				img.width = 224;
				img.height = 224;
				parts.qr.appendChild(img);
			}
			parts.qr.hidden = !src;
		}

		function render(state) {
			const terminal = TERMINAL.indexOf(state.phase) >= 0;
			const waiting = state.phase === 'waiting';
			container.setAttribute('aria-busy', state.busy ? 'true' : 'false');
			container.setAttribute('data-tglogin-phase', state.phase);
			parts.start.hidden = !(state.phase === 'idle' || state.phase === 'starting');
			parts.start.disabled = state.busy;
			parts.retry.hidden = !(terminal && state.canRetry);
			parts.retry.disabled = state.busy;
			parts.waiting.hidden = !waiting;
			if (waiting && state.deeplink) {
				parts.deeplink.setAttribute('href', state.deeplink);
			}
			else {
				parts.deeplink.removeAttribute('href');
			}
			showQr(waiting && !state.mobile ? state.qrSvg : null);
			setText(parts.status, state.message || '');
			parts.status.classList.toggle('tglogin-error', terminal);
			setText(parts.note, state.note || '');
			const changed = state.phase !== lastPhase;
			lastPhase = state.phase;
			if (waiting && changed && state.mobile) {
				openDeeplink(state.deeplink);
			}
			if (changed) {
				// only when the step changes: a poll never moves the user's focus
				keepFocus(container, waiting ? parts.deeplink : (terminal ? parts.retry : parts.start));
			}
		}

		function openDeeplink(url) {
			const view = doc.defaultView;
			if (!view || typeof view.open !== 'function') {
				return;
			}
			try {
				const opened = view.open(url, '_blank');
				if (opened) {
					opened.opener = null;
				}
			}
			catch (e) {
				// blocked: the "Open Telegram" button is there
			}
		}

		parts.start.addEventListener('click', function () {
			login.start();
		});
		parts.retry.addEventListener('click', function () {
			login.start();
		});
		doc.addEventListener('visibilitychange', function () {
			if (doc.visibilityState === 'visible') {
				login.pollNow();
			}
		});
		if (doc.defaultView) {
			doc.defaultView.addEventListener('pageshow', function () {
				login.pollNow();
			});
		}

		const widget = {
			element: container,
			start: login.start,
			stop: login.stop,
			state: login.state,
			setHooks: function (more) {
				if (more && typeof more.onUpdate === 'function') {
					userHooks.onUpdate = more.onUpdate;
				}
				if (more && typeof more.onConfirmed === 'function') {
					userHooks.onConfirmed = more.onConfirmed;
				}
			},
		};
		if (bound) {
			bound.set(container, widget);
		}
		container.setAttribute('data-tglogin-bound', 'true');
		return widget;
	}

	function bindXellar(container, options) {
		const existing = bound && bound.get(container);
		if (existing) {
			return existing;
		}
		const userHooks = Object.assign({}, options || {});
		const env = userHooks.env || browserEnv();
		const parts = {};
		parts['phone-form'] = part(container, 'xellar', 'phone-form', null, function (d) {
			return element(d, 'form', { method: 'post', novalidate: '' });
		});
		parts.phone = part(container, 'xellar', 'phone', parts['phone-form'], function (d) {
			return element(d, 'input', { type: 'tel', name: 'phoneNumber', autocomplete: 'tel', inputmode: 'tel',
				required: '', maxlength: '32' });
		});
		if (!container.querySelector('label[for="' + parts.phone.id + '"]')) {
			labelled(container.ownerDocument, parts['phone-form'], parts.phone, MESSAGES.phoneLabel);
		}
		parts.send = part(container, 'xellar', 'send', parts['phone-form'], function (d) {
			return element(d, 'button', { type: 'submit' }, MESSAGES.send);
		});
		parts['otp-form'] = part(container, 'xellar', 'otp-form', null, function (d) {
			return element(d, 'form', { method: 'post', novalidate: '', hidden: '' });
		});
		parts.otp = part(container, 'xellar', 'otp', parts['otp-form'], function (d) {
			return element(d, 'input', { type: 'text', name: 'otp', autocomplete: 'one-time-code',
				inputmode: 'numeric', required: '', maxlength: '12' });
		});
		if (!container.querySelector('label[for="' + parts.otp.id + '"]')) {
			labelled(container.ownerDocument, parts['otp-form'], parts.otp, MESSAGES.otpLabel);
		}
		parts.verify = part(container, 'xellar', 'verify', parts['otp-form'], function (d) {
			return element(d, 'button', { type: 'submit' }, MESSAGES.verify);
		});
		parts.resend = part(container, 'xellar', 'resend', parts['otp-form'], function (d) {
			return element(d, 'button', { type: 'button', class: 'tglogin-secondary' }, MESSAGES.resend);
		});
		parts.change = part(container, 'xellar', 'change', parts['otp-form'], function (d) {
			return element(d, 'button', { type: 'button', class: 'tglogin-secondary' }, MESSAGES.change);
		});
		parts.status = part(container, 'xellar', 'status', null, function (d) {
			return element(d, 'p', { class: 'tglogin-status', role: 'status', 'aria-live': 'polite' });
		});
		const describedBy = {
			phone: parts.phone.getAttribute('aria-describedby') || '',
			otp: parts.otp.getAttribute('aria-describedby') || '',
		};

		let last = { phase: 'phone', message: '' };
		const login = createXellarLogin({
			env: env,
			base: container.getAttribute('data-tglogin-base') || userHooks.base,
			onUpdate: function (state) {
				render(state);
				fire(container, 'tglogin:update', state, false);
				if (typeof userHooks.onUpdate === 'function') {
					userHooks.onUpdate(state);
				}
			},
			onConfirmed: confirmedHandler(container, env, userHooks),
		});

		function markInvalid(input, invalid, own) {
			if (invalid) {
				input.setAttribute('aria-invalid', 'true');
				input.setAttribute('aria-describedby', (own + ' ' + parts.status.id).trim());
			}
			else {
				input.removeAttribute('aria-invalid');
				if (own) {
					input.setAttribute('aria-describedby', own);
				}
				else {
					input.removeAttribute('aria-describedby');
				}
			}
		}

		function render(state) {
			const codeStep = state.phase === 'code' || state.phase === 'new-code' || state.phase === 'confirmed';
			container.setAttribute('aria-busy', state.busy ? 'true' : 'false');
			container.setAttribute('data-tglogin-phase', state.phase);
			parts['phone-form'].hidden = codeStep;
			parts['otp-form'].hidden = !codeStep;
			parts.phone.readOnly = state.busy;
			parts.send.disabled = state.busy;
			parts.otp.readOnly = state.busy;
			parts.otp.disabled = state.phase === 'new-code';
			parts.verify.disabled = state.busy || state.phase !== 'code';
			parts.resend.disabled = state.busy || state.phase === 'confirmed';
			parts.change.disabled = state.busy || state.phase === 'confirmed';
			markInvalid(parts.phone, state.invalid === 'phone', describedBy.phone);
			markInvalid(parts.otp, state.invalid === 'otp', describedBy.otp);
			setText(parts.status, state.message || '');
			parts.status.classList.toggle('tglogin-error', !!state.invalid || state.phase === 'new-code');
			const changed = state.phase !== last.phase;
			if (state.phase === 'code' && (changed || state.invalid === 'otp')) {
				if (changed) {
					parts.otp.value = '';
				}
				parts.otp.focus();
				if (state.invalid === 'otp' && typeof parts.otp.select === 'function') {
					parts.otp.select();
				}
			}
			else if (state.phase === 'new-code' && changed) {
				parts.resend.focus();
			}
			else if (state.phase === 'phone' && (state.invalid === 'phone' || (changed && last.phase !== 'phone'))) {
				parts.phone.focus();
			}
			last = state;
		}

		parts['phone-form'].addEventListener('submit', function (event) {
			event.preventDefault();
			login.sendCode(parts.phone.value);
		});
		parts['otp-form'].addEventListener('submit', function (event) {
			event.preventDefault();
			login.verify(parts.otp.value);
		});
		parts.resend.addEventListener('click', function () {
			login.resend();
		});
		parts.change.addEventListener('click', function () {
			login.changeNumber();
		});

		const widget = {
			element: container,
			sendCode: login.sendCode,
			resend: login.resend,
			verify: login.verify,
			changeNumber: login.changeNumber,
			state: login.state,
		};
		if (bound) {
			bound.set(container, widget);
		}
		container.setAttribute('data-tglogin-bound', 'true');
		return widget;
	}

	/**
	 * Binds a [data-tglogin="miniapp"] element: when the page was opened as a Telegram Mini App, takes the init data
	 * out of the address bar and exchanges it for a session; otherwise says where to open the page from.
	 */
	function bindMiniApp(container, options) {
		const existing = bound && bound.get(container);
		if (existing) {
			return existing;
		}
		const userHooks = Object.assign({}, options || {});
		const env = userHooks.env || browserEnv();
		const status = part(container, 'miniapp', 'status', null, function (d) {
			return element(d, 'p', { class: 'tglogin-status', role: 'status', 'aria-live': 'polite' });
		});
		const login = createMiniAppLogin({
			env: env,
			base: container.getAttribute('data-tglogin-base') || userHooks.base,
			onUpdate: function (state) {
				setText(status, state.message);
				fire(container, 'tglogin:update', state, false);
				if (typeof userHooks.onUpdate === 'function') {
					userHooks.onUpdate(state);
				}
			},
			onConfirmed: confirmedHandler(container, env, userHooks),
		});
		const view = container.ownerDocument.defaultView || root;
		const hash = view.location ? view.location.hash : '';
		const initData = miniAppInitData(view.Telegram && view.Telegram.WebApp, hash);
		if (hash && hash.indexOf('tgWebAppData=') >= 0 && view.history
				&& typeof view.history.replaceState === 'function') {
			// the init data logs its holder in: keep it out of the address bar, the history and bookmarks
			view.history.replaceState(null, '', view.location.pathname + view.location.search);
		}
		login.exchange(initData);
		const widget = { element: container, exchange: login.exchange, state: login.state };
		if (bound) {
			bound.set(container, widget);
		}
		container.setAttribute('data-tglogin-bound', 'true');
		return widget;
	}

	/** Binds every [data-tglogin="bondify"] and [data-tglogin="xellar"] element under root (default: document). */
	function bind(rootNode) {
		const scope = rootNode || root.document;
		if (!scope || typeof scope.querySelectorAll !== 'function') {
			return [];
		}
		const widgets = [];
		Array.prototype.forEach.call(scope.querySelectorAll('[data-tglogin]'), function (container) {
			const flow = container.getAttribute('data-tglogin');
			if (flow === 'bondify') {
				widgets.push(bindBondify(container));
			}
			else if (flow === 'xellar') {
				widgets.push(bindXellar(container));
			}
			else if (flow === 'miniapp') {
				widgets.push(bindMiniApp(container));
			}
		});
		return widgets;
	}

	function autoBind() {
		const doc = root.document;
		const texts = doc.querySelector('meta[name="tglogin_messages"]');
		if (texts) {
			const html = doc.documentElement;
			useMessages(texts.getAttribute('content'), html ? html.getAttribute('lang') : null);
		}
		if (doc.readyState === 'loading') {
			doc.addEventListener('DOMContentLoaded', function () {
				bind(doc);
			});
		}
		else {
			bind(doc);
		}
	}

	/** Starts a Bondify login now (see the comment at the top). */
	function start(options) {
		const opts = options || {};
		let container = opts.element || null;
		if (!container && typeof opts.onUpdate !== 'function' && root.document) {
			container = root.document.querySelector('[data-tglogin="bondify"]');
		}
		if (container) {
			const widget = bindBondify(container, opts);
			widget.setHooks(opts);
			widget.start();
			return widget;
		}
		const login = createBondifyLogin(opts);
		login.start();
		return login;
	}

	function otp(options) {
		return createXellarLogin(options || {});
	}

	return {
		version: VERSION,
		start: start,
		otp: otp,
		bind: bind,
		autoBind: autoBind,
		/** Internals for tests; not an API. */
		internal: {
			parseRetryAfter: parseRetryAfter,
			backoffDelay: backoffDelay,
			pollInterval: pollInterval,
			longPollSeconds: longPollSeconds,
			computeDeadline: computeDeadline,
			safeUrl: safeUrl,
			sameOriginUrl: sameOriginUrl,
			resolveBase: resolveBase,
			csrfHeader: csrfHeader,
			cookieValue: cookieValue,
			isMobile: isMobile,
			normalizePhone: normalizePhone,
			normalizeOtp: normalizeOtp,
			miniAppInitData: miniAppInitData,
			createMiniAppLogin: createMiniAppLogin,
			svgDataUrl: svgDataUrl,
			useMessages: useMessages,
			format: format,
			describeFailure: describeFailure,
			decidePoll: decidePoll,
			decideVerify: decideVerify,
			createBondifyLogin: createBondifyLogin,
			createXellarLogin: createXellarLogin,
			MESSAGES: MESSAGES,
			MAX_BACKOFF_MS: MAX_BACKOFF_MS,
		},
	};
});
