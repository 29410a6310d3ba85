// Unit tests of tglogin.js's logic (no DOM), run with the Node.js built-in test runner and no npm packages:
//   node --test src/test/js/
// Maven runs them through BrowserClientScriptTests when `node` is on the PATH, and skips them otherwise.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const tglogin = require(path.join(__dirname, '..', '..', 'main', 'resources', 'META-INF', 'resources', 'tglogin',
	'tglogin.js'));
const t = tglogin.internal;

// ------------------------------------------------------------------ a fake browser: clock, timers, fetch, meta tags

function fakeEnv(options) {
	const opts = options || {};
	const env = {
		time: 1_700_000_000_000,
		timers: [],
		nextId: 1,
		requests: [],
		answers: [],
		assigned: null,
		mobileDevice: !!opts.mobile,
		metas: Object.assign({ _csrf: 'csrf-token-1', _csrf_header: 'X-CSRF-TOKEN', tglogin_base: '/app/login/telegram' },
			opts.metas || {}),
		now() {
			return env.time;
		},
		setTimeout(fn, ms) {
			const id = env.nextId++;
			env.timers.push({ id, at: env.time + ms, fn, ms });
			return id;
		},
		clearTimeout(id) {
			env.timers = env.timers.filter((timer) => timer.id !== id);
		},
		href() {
			return 'https://app.example/app/login/telegram';
		},
		assign(url) {
			env.assigned = url;
		},
		meta(name) {
			return Object.prototype.hasOwnProperty.call(env.metas, name) ? env.metas[name] : null;
		},
		cookies() {
			return opts.cookies || '';
		},
		mobile() {
			return env.mobileDevice;
		},
		fetch(url, init) {
			env.requests.push({ url, init, at: env.time });
			const answer = env.answers.shift();
			if (!answer) {
				return Promise.reject(new Error('no answer scripted for ' + url));
			}
			if (answer.took) {
				// a request the server held (long-poll)
				env.time += answer.took;
			}
			if (answer.networkError) {
				return Promise.reject(new TypeError('Failed to fetch'));
			}
			const headers = Object.assign({}, answer.headers || {});
			return Promise.resolve({
				status: answer.status,
				headers: { get: (name) => (Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : null) },
				text: () => Promise.resolve(answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body
					: JSON.stringify(answer.body)),
			});
		},
		answer(status, body, headers) {
			env.answers.push({ status, body, headers });
			return env;
		},
		networkError(took) {
			env.answers.push({ networkError: true, took: took || 0 });
			return env;
		},
		/** Scripts an answer that comes after the server held the request for the given time. */
		answerAfter(took, status, body) {
			env.answers.push({ status, body, took });
			return env;
		},
		/** The pending poll timer (not the request timeouts). */
		pollTimer() {
			// request timeouts: 20 s, and 20 s more than a 25 s long-poll wait
			return env.timers.filter((timer) => timer.ms !== 20000 && timer.ms !== 45000).sort((a, b) => a.at - b.at)[0];
		},
		/** Advances the clock to the next poll timer, runs it and lets the request finish. */
		async tick() {
			const timer = env.pollTimer();
			assert.ok(timer, 'a poll is scheduled');
			env.time = Math.max(env.time, timer.at);
			env.clearTimeout(timer.id);
			timer.fn();
			await settle();
			return timer.ms;
		},
	};
	return env;
}

function settle() {
	return new Promise((resolve) => setImmediate(resolve));
}

function started(env, extra) {
	return env.answer(200, Object.assign({
		deeplink: 'https://t.me/BondifyBot?start=sess_abc',
		expiresAt: new Date(env.time + 600_000).toISOString(),
		pollIntervalMs: 2000,
		qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 41 41"><path d="M4,4h7v1h-7z"/></svg>',
	}, extra || {}));
}

function bondify(env, hooks) {
	const states = [];
	const confirmed = [];
	const login = t.createBondifyLogin(Object.assign({ env, onUpdate: (s) => states.push(s) },
		hooks || {}, { onConfirmed: hooks && hooks.onConfirmed }));
	return { login, states, confirmed, last: () => states[states.length - 1] };
}

// ------------------------------------------------------------------ pure helpers

test('backoffDelayWhenFailuresGrowThenDoublesUpToTheCap', () => {
	assert.deepEqual([1, 2, 3, 4, 5, 6, 50].map((n) => t.backoffDelay(n, 2000, 30000)),
		[2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('parseRetryAfterWhenSecondsOrHttpDateThenMilliseconds', () => {
	const now = Date.parse('2030-01-01T00:00:00Z');
	assert.equal(t.parseRetryAfter('7', now), 7000);
	assert.equal(t.parseRetryAfter(' 0 ', now), 0);
	assert.equal(t.parseRetryAfter('Tue, 01 Jan 2030 00:00:30 GMT', now), 30000);
	assert.equal(t.parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', now), 0);
	assert.equal(t.parseRetryAfter(null, now), null);
	assert.equal(t.parseRetryAfter('soon', now), null);
});

test('pollIntervalWhenMissingOrOutOfBoundsThenSaneValue', () => {
	assert.equal(t.pollInterval(2000), 2000);
	assert.equal(t.pollInterval(undefined), 2000);
	assert.equal(t.pollInterval('abc'), 2000);
	assert.equal(t.pollInterval(10), 500);
	assert.equal(t.pollInterval(10_000_000), 60000);
});

test('computeDeadlineWhenClientClockIsWrongThenUsesTheServerDate', () => {
	const server = Date.parse('2030-01-01T00:00:00Z');
	const expiresAt = new Date(server + 600_000).toISOString();
	const skewedClient = server + 3_600_000; // this browser's clock is an hour ahead
	assert.equal(t.computeDeadline(expiresAt, new Date(server).toUTCString(), skewedClient), skewedClient + 600_000);
	assert.equal(t.computeDeadline(expiresAt, null, server + 1000), server + 600_000);
	assert.equal(t.computeDeadline(expiresAt, null, skewedClient), skewedClient + 600_000);
	assert.equal(t.computeDeadline('not a date', null, 5), 5 + 600_000);
});

test('safeUrlWhenNotAnAllowedProtocolThenNull', () => {
	const page = 'https://app.example/login/telegram';
	assert.equal(t.safeUrl('https://t.me/Bot?start=x', page, ['https:', 'tg:']), 'https://t.me/Bot?start=x');
	assert.equal(t.safeUrl('tg://resolve?domain=Bot', page, ['https:', 'tg:']), 'tg://resolve?domain=Bot');
	assert.equal(t.safeUrl('javascript:alert(1)', page, ['https:', 'tg:']), null);
	assert.equal(t.safeUrl(' JaVaScRiPt:alert(1)', page, ['http:', 'https:']), null);
	assert.equal(t.safeUrl('data:text/html,x', page, ['http:', 'https:']), null);
	assert.equal(t.safeUrl('/me', page, ['http:', 'https:']), 'https://app.example/me');
	assert.equal(t.safeUrl(42, page, ['https:']), null);
});

test('sameOriginUrlWhenAnotherOriginOrProtocolRelativeOrJavascriptOrBackslashThenNull', () => {
	const page = 'https://app.example/app/login/telegram';
	assert.equal(t.sameOriginUrl('/me', page), 'https://app.example/me');
	assert.equal(t.sameOriginUrl('me?continue', page), 'https://app.example/app/login/me?continue');
	assert.equal(t.sameOriginUrl('https://app.example/me?continue', page), 'https://app.example/me?continue');
	for (const refused of ['https://evil.example/me', 'http://app.example/me', 'https://app.example:8443/me',
		'https://app.example.evil.example/', 'https://app.example@evil.example/', '//evil.example/me', '///evil.example',
		'/\\evil.example/me', '\\\\evil.example', '\\/evil.example', 'https:\\\\evil.example', '/\t/evil.example',
		' //evil.example', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'ftp://app.example/',
		'', null, undefined, 42, {}]) {
		assert.equal(t.sameOriginUrl(refused, page), null, String(refused));
	}
});

test('resolveBaseWhenOptionOrMetaIsOnAnotherOriginThenRefusedForTheNextOne', () => {
	const env = fakeEnv();
	assert.equal(t.resolveBase('/shop/login/telegram/', env), '/shop/login/telegram');
	assert.equal(t.resolveBase('https://app.example/shop/login/telegram', env), 'https://app.example/shop/login/telegram');
	assert.equal(t.resolveBase(undefined, env), '/app/login/telegram');
	for (const refused of ['https://evil.example/login/telegram', '//evil.example/login/telegram',
		'/\\evil.example/login/telegram', 'javascript:alert(1)//']) {
		assert.equal(t.resolveBase(refused, env), '/app/login/telegram', refused);
		assert.equal(t.resolveBase(refused, fakeEnv({ metas: { tglogin_base: refused } })), '/login/telegram', refused);
	}
});

test('bondifyWhenBaseIsOnAnotherOriginThenNoRequestGoesThereAndNoCsrfTokenLeaves', async () => {
	for (const base of ['https://evil.example/login/telegram', '//evil.example/login/telegram']) {
		const env = fakeEnv({ metas: { tglogin_base: base } });
		started(env);
		const { login } = bondify(env, { base });
		await login.start();
		assert.deepEqual(env.requests.map((r) => r.url), ['/login/telegram/start'], base);
	}
});

test('isMobileWhenPhoneUserAgentOrNarrowTouchScreenThenTrue', () => {
	const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
	const desktop = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36';
	const media = (coarse, narrow) => (query) => ({ matches: query.includes('pointer') ? coarse : narrow });
	assert.equal(t.isMobile({ userAgent: iphone }, null), true);
	assert.equal(t.isMobile({ userAgent: desktop, userAgentData: { mobile: true } }, null), true);
	assert.equal(t.isMobile({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15)', maxTouchPoints: 5 }, null), true);
	assert.equal(t.isMobile({ userAgent: desktop }, media(true, true)), true);
	assert.equal(t.isMobile({ userAgent: desktop }, media(true, false)), false);
	assert.equal(t.isMobile({ userAgent: desktop }, media(false, true)), false);
	assert.equal(t.isMobile({ userAgent: desktop }, null), false);
});

test('normalizeWhenUserTypesSeparatorsThenCompactOrNull', () => {
	assert.equal(t.normalizePhone(' +44 (7700) 900-123 '), '+447700900123');
	assert.equal(t.normalizePhone('07700 900123'), null);
	assert.equal(t.normalizePhone('+0123456789'), null);
	assert.equal(t.normalizeOtp(' 123 456 '), '123456');
	assert.equal(t.normalizeOtp('12a456'), null);
	assert.equal(t.normalizeOtp('123'), null);
});

test('svgDataUrlWhenSvgThenEncodedDataUrlElseNull', () => {
	assert.equal(t.svgDataUrl('<svg viewBox="0 0 1 1"></svg>'),
		'data:image/svg+xml;charset=utf-8,%3Csvg%20viewBox%3D%220%200%201%201%22%3E%3C%2Fsvg%3E');
	assert.equal(t.svgDataUrl('<script>alert(1)</script>'), null);
	assert.equal(t.svgDataUrl(undefined), null);
});

test('decidePollWhenEachAnswerThenTheRightAction', () => {
	const ctx = { failures: 0, intervalMs: 2000, nowMs: 0 };
	const d = (status, json, retryAfter) => t.decidePoll({ status, json: json || {}, retryAfter: retryAfter || null }, ctx);
	assert.deepEqual(d(200, { status: 'pending' }), { action: 'wait', delayMs: 2000, failures: 0, note: '' });
	assert.deepEqual(d(200, { status: 'confirmed', redirectUrl: '/' }), { action: 'confirmed' });
	for (const end of ['cancelled', 'expired', 'used']) {
		assert.deepEqual(d(200, { status: end }), { action: 'end', phase: end });
	}
	assert.deepEqual(d(409, { error: 'no_pending_login' }), { action: 'end', phase: 'no-pending' });
	// account linking (<base>/link/status)
	assert.deepEqual(d(200, { status: 'linked', flow: 'bondify' }), { action: 'confirmed' });
	assert.deepEqual(d(409, { error: 'account_already_linked', message: 'Connected to another account' }),
		{ action: 'end', phase: 'error', message: 'Connected to another account' });
	assert.equal(d(429, { error: 'rate_limited' }, '7').delayMs, 7000);
	assert.equal(d(429, { error: 'rate_limited' }, '0').delayMs, 2000);
	assert.equal(d(503, {}).delayMs, 2000);
	assert.equal(d(0, {}).note, t.MESSAGES.connection);
	assert.equal(t.decidePoll({ status: 504, json: {} }, { failures: 3, intervalMs: 2000, nowMs: 0 }).delayMs, 16000);
	assert.equal(d(403, {}).canRetry, false);
	assert.equal(d(200, { status: 'weird' }).phase, 'error');
});

test('decideVerifyWhenEachAnswerThenTheRightStep', () => {
	const d = (status, json) => t.decideVerify({ status, json, retryAfter: null }, 0);
	assert.deepEqual(d(200, { status: 'confirmed', redirectUrl: '/' }), { action: 'confirmed' });
	assert.deepEqual(d(401, { error: 'invalid_otp', attemptsLeft: 2 }),
		{ phase: 'code', invalid: 'otp', attemptsLeft: 2, message: 'The code is wrong. Attempts left: 2.' });
	assert.equal(d(401, { error: 'invalid_otp', attemptsLeft: 1 }).message, 'The code is wrong. Attempts left: 1.');
	assert.equal(d(401, { error: 'otp_expired' }).phase, 'new-code');
	assert.equal(d(429, { error: 'too_many_attempts' }).phase, 'new-code');
	assert.equal(d(409, { error: 'no_pending_login' }).phase, 'new-code');
	// account linking (<base>/link/otp/verify)
	assert.deepEqual(d(200, { status: 'linked', flow: 'xellar' }), { action: 'confirmed' });
	assert.deepEqual(d(409, { error: 'account_already_linked', message: 'Connected to another account' }),
		{ phase: 'new-code', message: 'Connected to another account' });
	// an identity linked to no local user: the server's (the app's) message, else the client's own
	assert.deepEqual(d(401, { error: 'account_not_linked', message: 'Connect Telegram on your account page first' }),
		{ phase: 'new-code', message: 'Connect Telegram on your account page first' });
	assert.deepEqual(d(401, { error: 'account_not_linked' }),
		{ phase: 'new-code', message: 'The login was refused. Send a new code to try again.' });
	assert.deepEqual(d(401, { error: 'login_refused', message: 'The login was refused' }),
		{ phase: 'new-code', message: 'The login was refused. Send a new code to try again.' });
	assert.equal(d(429, { error: 'rate_limited' }).phase, 'code');
	assert.equal(d(503, { error: 'upstream_unavailable' }).phase, 'code');
});

// ------------------------------------------------------------------ the Bondify controller

test('bondifyWhenConfirmedThenPostsWithCsrfAndRedirects', async () => {
	const env = fakeEnv();
	started(env).answer(200, { status: 'pending' }).answer(200, { status: 'confirmed', redirectUrl: '/me' });
	const { login, states } = bondify(env);

	await login.start();
	assert.equal(login.state().phase, 'waiting');
	assert.equal(login.state().deeplink, 'https://t.me/BondifyBot?start=sess_abc');
	assert.match(login.state().qrSvg, /^<svg/);
	assert.equal(await env.tick(), 2000);
	assert.equal(login.state().phase, 'waiting');
	await env.tick();

	assert.equal(login.state().phase, 'confirmed');
	assert.equal(env.assigned, 'https://app.example/me');
	assert.deepEqual(env.requests.map((r) => r.url),
		['/app/login/telegram/start', '/app/login/telegram/status', '/app/login/telegram/status']);
	for (const request of env.requests) {
		assert.equal(request.init.method, 'POST');
		assert.equal(request.init.credentials, 'same-origin');
		assert.equal(request.init.headers['X-CSRF-TOKEN'], 'csrf-token-1');
		assert.equal(request.init.headers['Content-Type'], 'application/json');
	}
	assert.deepEqual(states.map((s) => s.phase).filter((p, i, all) => p !== all[i - 1]),
		['starting', 'waiting', 'confirmed']);
	assert.equal(env.pollTimer(), undefined);
});

for (const end of ['cancelled', 'expired', 'used']) {
	test('bondifyWhenStatusIs' + end + 'ThenStopsPollingAndOffersRetry', async () => {
		const env = fakeEnv();
		started(env).answer(200, { status: end });
		const { login } = bondify(env);
		await login.start();
		await env.tick();
		assert.equal(login.state().phase, end);
		assert.equal(login.state().canRetry, true);
		assert.equal(login.state().deeplink, null);
		assert.equal(env.pollTimer(), undefined);

		started(env);
		await login.start();
		assert.equal(login.state().phase, 'waiting');
	});
}

test('longPollSecondsWhenMissingOrOutOfBoundsThenNoneOrCapped', () => {
	assert.equal(t.longPollSeconds(undefined), 0);
	assert.equal(t.longPollSeconds(0), 0);
	assert.equal(t.longPollSeconds('soon'), 0);
	assert.equal(t.longPollSeconds(-5), 0);
	assert.equal(t.longPollSeconds(10), 10);
	assert.equal(t.longPollSeconds(2.7), 2);
	assert.equal(t.longPollSeconds(600), 25);
});

test('bondifyWhenLongPollAdvertisedThenHeldRequestsFollowAtOnce', async () => {
	const env = fakeEnv();
	started(env, { maxWaitSeconds: 25 }).answerAfter(25_000, 200, { status: 'pending' })
		.answerAfter(3_000, 200, { status: 'confirmed', redirectUrl: '/me' });
	const { login } = bondify(env);
	await login.start();
	assert.equal(env.pollTimer().ms, 0);
	await env.tick();
	assert.deepEqual(JSON.parse(env.requests[1].init.body), { waitSeconds: 25 });
	assert.equal(login.state().phase, 'waiting');
	assert.equal(env.pollTimer().ms, 0, 'a request held for the whole wait is followed at once');
	await env.tick();
	assert.equal(login.state().phase, 'confirmed');
	assert.equal(env.assigned, 'https://app.example/me');
	assert.equal(env.requests.length, 3);
});

test('bondifyWhenLongPollAnswersEarlyThenNotMoreOftenThanTheInterval', async () => {
	const env = fakeEnv();
	started(env, { maxWaitSeconds: 25 }).answerAfter(500, 200, { status: 'pending' });
	const { login } = bondify(env);
	await login.start();
	await env.tick();
	assert.equal(env.pollTimer().ms, 1500);
});

test('bondifyWhenLongPollNotAdvertisedThenPlainPolling', async () => {
	const env = fakeEnv();
	started(env).answer(200, { status: 'pending' });
	const { login } = bondify(env);
	await login.start();
	assert.equal(await env.tick(), 2000);
	assert.deepEqual(JSON.parse(env.requests[1].init.body), {});
});

test('bondifyWhenHeldRequestIsCutOffThenFallsBackToPlainPolling', async () => {
	const env = fakeEnv();
	started(env, { maxWaitSeconds: 25 }).networkError(30_000).answer(200, { status: 'pending' });
	const { login } = bondify(env);
	await login.start();
	await env.tick();
	assert.equal(login.state().note, t.MESSAGES.connection);
	await env.tick();
	assert.deepEqual(JSON.parse(env.requests[2].init.body), {}, 'no more waitSeconds');
	assert.equal(env.pollTimer().ms, 2000);
});

test('bondifyWhenNoPendingLoginThenStopsWithRetry', async () => {
	const env = fakeEnv();
	started(env).answer(409, { error: 'no_pending_login', message: 'No login is pending' });
	const { login } = bondify(env);
	await login.start();
	await env.tick();
	assert.equal(login.state().phase, 'no-pending');
	assert.equal(login.state().canRetry, true);
	assert.equal(env.pollTimer(), undefined);
});

test('bondifyWhenRateLimitedThenWaitsRetryAfterAndShowsANote', async () => {
	const env = fakeEnv();
	started(env).answer(429, { error: 'rate_limited' }, { 'Retry-After': '7' }).answer(200, { status: 'pending' });
	const { login } = bondify(env);
	await login.start();
	await env.tick();
	assert.equal(login.state().note, t.MESSAGES.busy);
	assert.equal(await env.tick(), 7000);
	assert.equal(login.state().note, '');
	assert.equal(env.pollTimer().ms, 2000);
});

test('bondifyWhenServerOrNetworkFailsThenBacksOffExponentiallyAndRecovers', async () => {
	const env = fakeEnv();
	started(env).answer(503, { error: 'upstream_unavailable' }).networkError().answer(502, {}).answer(504, {})
		.answer(500, 'not json').answer(200, { status: 'pending' });
	const { login } = bondify(env);
	await login.start();
	const delays = [];
	for (let i = 0; i < 6; i++) {
		delays.push(await env.tick());
		if (i < 5) {
			assert.equal(login.state().note, t.MESSAGES.connection);
			assert.equal(login.state().phase, 'waiting');
		}
	}
	assert.deepEqual(delays, [2000, 2000, 4000, 8000, 16000, 30000]);
	assert.equal(login.state().note, '');
	assert.equal(env.pollTimer().ms, 2000);
});

test('bondifyWhenDeadlinePassesThenExpiredWithoutAskingTheServer', async () => {
	const env = fakeEnv();
	started(env, { expiresAt: new Date(env.time + 5000).toISOString() })
		.answer(200, { status: 'pending' }).answer(200, { status: 'pending' });
	const { login } = bondify(env);
	await login.start();
	await env.tick();
	await env.tick();
	assert.equal(await env.tick(), 1000); // clamped to the deadline
	assert.equal(login.state().phase, 'expired');
	assert.equal(env.requests.length, 3);
	assert.equal(env.pollTimer(), undefined);
});

test('bondifyWhenBackingOffPastTheDeadlineThenExpiresAtTheDeadline', async () => {
	const env = fakeEnv();
	started(env, { expiresAt: new Date(env.time + 10_000).toISOString() })
		.answer(429, {}, { 'Retry-After': '3600' });
	const { login } = bondify(env);
	await login.start();
	await env.tick();
	assert.equal(await env.tick(), 8000);
	assert.equal(login.state().phase, 'expired');
});

test('bondifyWhenStartFailsThenErrorWithRetryExceptForCsrf', async () => {
	const env = fakeEnv();
	env.answer(503, { error: 'upstream_unavailable' }).answer(403, {}).networkError()
		.answer(429, { error: 'rate_limited' }, { 'Retry-After': '30' })
		.answer(200, { deeplink: 'javascript:alert(1)', expiresAt: new Date().toISOString() });
	const { login } = bondify(env);
	await login.start();
	assert.deepEqual([login.state().phase, login.state().canRetry, login.state().message],
		['error', true, t.MESSAGES.unavailable]);
	await login.start();
	assert.deepEqual([login.state().canRetry, login.state().message], [false, t.MESSAGES.forbidden]);
	await login.start();
	assert.equal(login.state().message, t.MESSAGES.unreachable);
	await login.start();
	assert.equal(login.state().message, 'Too many requests. Try again in 30 s.');
	await login.start();
	assert.equal(login.state().message, t.MESSAGES.badLink);
	assert.equal(env.pollTimer(), undefined);
});

test('bondifyWhenStartIsCalledTwiceWhileInFlightThenOneRequest', async () => {
	const env = fakeEnv();
	started(env);
	const { login } = bondify(env);
	const first = login.start();
	const second = login.start();
	await Promise.all([first, second]);
	assert.equal(env.requests.length, 1);
	assert.equal(login.state().busy, false);
});

test('bondifyWhenDeeplinkIsTheLocalEmulatorThenAccepted', async () => {
	const env = fakeEnv();
	started(env, { deeplink: 'http://127.0.0.1:8080/tglogin-emulator/telegram?start=sess_x' });
	const { login } = bondify(env);
	await login.start();
	assert.equal(login.state().phase, 'waiting');
	assert.equal(login.state().deeplink, 'http://127.0.0.1:8080/tglogin-emulator/telegram?start=sess_x');
});

test('bondifyWhenRedirectUrlIsNotHttpThenGoesHome', async () => {
	const env = fakeEnv();
	started(env).answer(200, { status: 'confirmed', redirectUrl: 'javascript:alert(1)' });
	const { login } = bondify(env);
	await login.start();
	await env.tick();
	assert.equal(env.assigned, '/');
});

for (const redirectUrl of ['https://evil.example/phish', '//evil.example/phish', '/\\evil.example/phish',
	'\\\\evil.example', 'https://app.example.evil.example/', 'JAVASCRIPT:alert(1)']) {
	test('bondifyWhenRedirectUrlIsNotOnThisOriginThenGoesHome: ' + redirectUrl, async () => {
		const env = fakeEnv();
		started(env).answer(200, { status: 'confirmed', redirectUrl });
		const { login } = bondify(env);
		await login.start();
		await env.tick();
		assert.equal(login.state().phase, 'confirmed');
		assert.equal(env.assigned, '/');
	});
}

test('bondifyWhenRedirectUrlIsAbsoluteOnThisOriginThenFollowed', async () => {
	const env = fakeEnv();
	started(env).answer(200, { status: 'confirmed', redirectUrl: 'https://app.example/me?continue' });
	const { login } = bondify(env);
	await login.start();
	await env.tick();
	assert.equal(env.assigned, 'https://app.example/me?continue');
});

test('bondifyWhenOnConfirmedGivenThenItDecidesInsteadOfRedirecting', async () => {
	const env = fakeEnv();
	started(env).answer(200, { status: 'confirmed', redirectUrl: '/me', user: { id: '1' } });
	const answers = [];
	const { login } = bondify(env, { onConfirmed: (answer) => answers.push(answer) });
	await login.start();
	await env.tick();
	assert.equal(env.assigned, null);
	assert.deepEqual(answers[0].user, { id: '1' });
});

test('bondifyWhenPollNowThenPollsAtOnceButNotWhileBackingOff', async () => {
	const env = fakeEnv();
	started(env).answer(200, { status: 'pending' }).answer(503, {});
	const { login } = bondify(env);
	await login.start();
	login.pollNow();
	await settle();
	assert.equal(env.requests.length, 2);
	assert.equal(env.pollTimer().ms, 2000);
	await env.tick();
	login.pollNow();
	await settle();
	assert.equal(env.requests.length, 3);
});

test('bondifyWhenStoppedThenNoMorePolls', async () => {
	const env = fakeEnv();
	started(env);
	const { login } = bondify(env);
	await login.start();
	login.stop();
	assert.equal(login.state().phase, 'idle');
	assert.equal(env.pollTimer(), undefined);
});

test('bondifyWhenNoMetaTagsThenDefaultBaseAndNoCsrfHeader', async () => {
	const env = fakeEnv({ metas: { _csrf: null, _csrf_header: null, tglogin_base: null } });
	started(env);
	const { login } = bondify(env);
	await login.start();
	assert.equal(env.requests[0].url, '/login/telegram/start');
	assert.deepEqual(Object.keys(env.requests[0].init.headers), ['Content-Type', 'Accept']);
});

test('bondifyWhenNoMetaTagsButXsrfTokenCookieThenSendsItAsXXsrfToken', async () => {
	const env = fakeEnv({ metas: { _csrf: null, _csrf_header: null }, cookies: 'theme=dark; XSRF-TOKEN=4f9a%2Db1; x=1' });
	started(env);
	const { login } = bondify(env);
	await login.start();
	assert.equal(env.requests[0].init.headers['X-XSRF-TOKEN'], '4f9a-b1');
});

test('csrfHeaderWhenMetaTagsAndCookieThenTheMetaTagsWin', () => {
	const env = fakeEnv({ cookies: 'XSRF-TOKEN=from-cookie' });
	assert.deepEqual(t.csrfHeader(env), { name: 'X-CSRF-TOKEN', value: 'csrf-token-1' });
});

test('cookieValueWhenOtherOrEmptyOrBadlyEncodedCookiesThenOnlyTheExactName', () => {
	assert.equal(t.cookieValue('XSRF-TOKEN2=a; MY-XSRF-TOKEN=b', 'XSRF-TOKEN'), null);
	assert.equal(t.cookieValue('XSRF-TOKEN=', 'XSRF-TOKEN'), null);
	assert.equal(t.cookieValue('', 'XSRF-TOKEN'), null);
	assert.equal(t.cookieValue(undefined, 'XSRF-TOKEN'), null);
	assert.equal(t.cookieValue('a=1;XSRF-TOKEN=%E0%A4%A', 'XSRF-TOKEN'), '%E0%A4%A');
	assert.equal(t.cookieValue('a=1; XSRF-TOKEN=abc=def', 'XSRF-TOKEN'), 'abc=def');
	assert.equal(t.csrfHeader(fakeEnv({ metas: { _csrf: null, _csrf_header: null } })), null);
});

// ------------------------------------------------------------------ the Xellar controller

function xellar(env) {
	const states = [];
	const login = t.createXellarLogin({ env, onUpdate: (s) => states.push(s) });
	return { login, states };
}

test('xellarWhenWrongThenRightCodeThenAttemptsLeftAndRedirect', async () => {
	const env = fakeEnv();
	env.answer(200, { status: 'otp_sent' })
		.answer(401, { error: 'invalid_otp', message: 'The code is wrong', attemptsLeft: 2 })
		.answer(200, { status: 'confirmed', redirectUrl: '/', walletCreated: true });
	const { login } = xellar(env);

	await login.sendCode('+44 7700 900123');
	assert.equal(login.state().phase, 'code');
	assert.deepEqual(JSON.parse(env.requests[0].init.body), { phoneNumber: '+447700900123' });
	await login.verify('000 000');
	assert.deepEqual([login.state().phase, login.state().invalid, login.state().attemptsLeft], ['code', 'otp', 2]);
	assert.equal(login.state().message, 'The code is wrong. Attempts left: 2.');
	await login.verify('123456');
	assert.equal(login.state().phase, 'confirmed');
	assert.equal(env.assigned, 'https://app.example/');
	assert.deepEqual(env.requests.map((r) => r.url),
		['/app/login/telegram/otp', '/app/login/telegram/otp/verify', '/app/login/telegram/otp/verify']);
	assert.deepEqual(JSON.parse(env.requests[2].init.body), { otp: '123456' });
});

for (const [status, error] of [[401, 'otp_expired'], [429, 'too_many_attempts'], [409, 'no_pending_login']]) {
	test('xellarWhen' + error + 'ThenSendANewCodeWithTheSameNumber', async () => {
		const env = fakeEnv();
		env.answer(200, { status: 'otp_sent' }).answer(status, { error }).answer(200, { status: 'otp_sent' });
		const { login } = xellar(env);
		await login.sendCode('+447700900123');
		await login.verify('123456');
		assert.equal(login.state().phase, 'new-code');
		await login.verify('123456'); // ignored: a new code is needed
		assert.equal(env.requests.length, 2);
		await login.resend();
		assert.equal(login.state().phase, 'code');
		assert.deepEqual(JSON.parse(env.requests[2].init.body), { phoneNumber: '+447700900123' });
	});
}

test('xellarWhenRedirectUrlIsOnAnotherOriginThenGoesHome', async () => {
	for (const redirectUrl of ['https://evil.example/phish', '//evil.example', '/\\evil.example']) {
		const env = fakeEnv();
		env.answer(200, { status: 'otp_sent' }).answer(200, { status: 'confirmed', redirectUrl, walletCreated: false });
		const { login } = xellar(env);
		await login.sendCode('+447700900123');
		await login.verify('123456');
		assert.equal(login.state().phase, 'confirmed');
		assert.equal(env.assigned, '/', redirectUrl);
	}
});

test('xellarWhenBaseIsOnAnotherOriginThenThePhoneNumberStaysOnThisOrigin', async () => {
	const env = fakeEnv();
	env.answer(200, { status: 'otp_sent' });
	const login = t.createXellarLogin({ env, base: 'https://evil.example/collect', onUpdate: () => {} });
	await login.sendCode('+447700900123');
	assert.deepEqual(env.requests.map((r) => r.url), ['/app/login/telegram/otp']);
});

test('xellarWhenInputIsNotAPhoneOrCodeThenNoRequest', async () => {
	const env = fakeEnv();
	const { login } = xellar(env);
	await login.sendCode('07700 900123');
	assert.deepEqual([login.state().phase, login.state().invalid], ['phone', 'phone']);
	assert.equal(env.requests.length, 0);
	env.answer(200, { status: 'otp_sent' });
	await login.sendCode('+447700900123');
	await login.verify('12ab');
	assert.equal(login.state().invalid, 'otp');
	assert.equal(env.requests.length, 1);
});

test('xellarWhenServerRejectsThePhoneThenBackToThePhoneForm', async () => {
	const env = fakeEnv();
	env.answer(400, { error: 'invalid_request', message: 'bad' });
	const { login } = xellar(env);
	await login.sendCode('+447700900123');
	assert.deepEqual([login.state().phase, login.state().invalid, login.state().busy], ['phone', 'phone', false]);
});

test('xellarWhenUpstreamFailsThenSameStepAndMessage', async () => {
	const env = fakeEnv();
	env.answer(503, { error: 'upstream_unavailable' }).answer(200, { status: 'otp_sent' }).networkError();
	const { login } = xellar(env);
	await login.sendCode('+447700900123');
	assert.deepEqual([login.state().phase, login.state().message], ['phone', t.MESSAGES.unavailable]);
	await login.sendCode('+447700900123');
	await login.verify('123456');
	assert.deepEqual([login.state().phase, login.state().message], ['code', t.MESSAGES.unreachable]);
});

test('xellarWhenRequestInFlightThenBusyAndSecondSubmitIgnored', async () => {
	const env = fakeEnv();
	env.answer(200, { status: 'otp_sent' });
	const { login, states } = xellar(env);
	const first = login.sendCode('+447700900123');
	assert.equal(login.state().busy, true);
	await login.sendCode('+447700900123');
	await first;
	assert.equal(env.requests.length, 1);
	assert.deepEqual(states.map((s) => s.busy), [true, false]);
});

// ------------------------------------------------------------------ the Mini App controller

test('miniAppInitDataWhenTelegramScriptOrFragmentThenItsInitDataElseEmpty', () => {
	assert.equal(t.miniAppInitData({ initData: 'auth_date=1&hash=a' }, '#tgWebAppData=x'), 'auth_date=1&hash=a');
	assert.equal(t.miniAppInitData({ initData: '' }, '#tgWebAppData=auth_date%3D1%26hash%3Da&tgWebAppVersion=8.0'),
		'auth_date=1&hash=a');
	assert.equal(t.miniAppInitData(undefined, '#other=1'), '');
	assert.equal(t.miniAppInitData(undefined, ''), '');
	assert.equal(t.miniAppInitData(null, undefined), '');
});

test('miniAppWhenExchangeConfirmedThenPostsTheInitDataWithCsrfAndRedirectsOnThisOriginOnly', async () => {
	const env = fakeEnv();
	env.answer(200, { status: 'confirmed', redirectUrl: 'https://evil.example/' });
	const states = [];
	const login = t.createMiniAppLogin({ env, onUpdate: (s) => states.push(s) });
	await login.exchange('auth_date=1&hash=a');
	assert.equal(env.requests[0].url, '/app/login/telegram/miniapp');
	assert.deepEqual(JSON.parse(env.requests[0].init.body), { initData: 'auth_date=1&hash=a' });
	assert.equal(env.requests[0].init.headers['X-CSRF-TOKEN'], 'csrf-token-1');
	assert.equal(login.state().phase, 'confirmed');
	assert.equal(env.assigned, '/', 'a redirectUrl of another origin sends the user to /');
});

test('miniAppWhenRefusedOrOutsideTelegramThenMessageAndNoRedirect', async () => {
	const env = fakeEnv();
	env.answer(401, { error: 'invalid_init_data', message: 'The Mini App init data was not accepted' });
	const login = t.createMiniAppLogin({ env, onUpdate: () => {} });
	await login.exchange('auth_date=1&hash=a');
	assert.equal(login.state().phase, 'error');
	assert.equal(login.state().message, t.MESSAGES.miniAppRefused);
	const outside = t.createMiniAppLogin({ env, onUpdate: () => {} });
	await outside.exchange('');
	assert.equal(outside.state().phase, 'outside');
	assert.equal(env.requests.length, 1);
	assert.equal(env.assigned, null);
});
