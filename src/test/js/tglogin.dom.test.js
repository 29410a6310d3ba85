// tglogin.js in a (fake) page: binding, markup it creates, what the user sees and where focus goes.
// With TGLOGIN_PAGE_HTML naming a file, the default login page the server rendered is used (BrowserClientScriptTests
// writes it); without it, those tests are skipped.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { parse, CustomEvent } = require('./fakedom.js');

const SCRIPT = fs.readFileSync(path.join(__dirname, '..', '..', 'main', 'resources', 'META-INF', 'resources', 'tglogin',
	'tglogin.js'), 'utf8');
const SERVER_PAGE = process.env.TGLOGIN_PAGE_HTML ? fs.readFileSync(process.env.TGLOGIN_PAGE_HTML, 'utf8') : null;
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const QR = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29" shape-rendering="crispEdges"><path d="M4,4h7v1h-7z"/></svg>';

const OWN_PAGE = `<!DOCTYPE html><html lang="en"><head>
<meta name="_csrf" content="token-1"><meta name="_csrf_header" content="X-CSRF-TOKEN">
<meta name="tglogin_base" content="/shop/login/telegram">
</head><body><main><h1>Shop login</h1>
<div data-tglogin="bondify"></div>
<div data-tglogin="xellar"></div>
</main></body></html>`;

/** Loads the page and runs tglogin.js in it, with a fake clock, timers and server. */
function browser(html, options) {
	const opts = options || {};
	const doc = parse(html);
	const timers = [];
	let nextTimer = 1;
	const server = { requests: [], answers: [] };
	const window = {
		document: doc,
		navigator: { userAgent: opts.mobile ? IPHONE : DESKTOP, maxTouchPoints: opts.mobile ? 5 : 0 },
		location: {
			href: 'https://app.example/shop/login/telegram',
			assign(url) {
				window.assigned = url;
			},
		},
		assigned: null,
		opened: [],
		open(url, target) {
			window.opened.push({ url, target });
			return { opener: window };
		},
		matchMedia: () => ({ matches: false }),
		listeners: {},
		addEventListener(type, fn) {
			(window.listeners[type] = window.listeners[type] || []).push(fn);
		},
		setTimeout(fn, ms) {
			const id = nextTimer++;
			timers.push({ id, fn, ms });
			return id;
		},
		clearTimeout(id) {
			const at = timers.findIndex((timer) => timer.id === id);
			if (at >= 0) {
				timers.splice(at, 1);
			}
		},
		fetch(url, init) {
			server.requests.push({ url, init, body: JSON.parse(init.body) });
			const answer = server.answers.shift();
			if (!answer) {
				return Promise.reject(new TypeError('Failed to fetch'));
			}
			const respond = (a) => ({
				status: a.status,
				headers: { get: (name) => (a.headers && a.headers[name]) || null },
				text: () => Promise.resolve(JSON.stringify(a.body)),
			});
			return answer.deferred ? answer.deferred.then(respond) : Promise.resolve(respond(answer));
		},
		URL,
		AbortController,
		CustomEvent,
	};
	window.window = window;
	doc.defaultView = window;
	vm.createContext(window);
	vm.runInContext(SCRIPT, window, { filename: 'tglogin.js' });
	const $ = (id) => doc.getElementById(id);
	return {
		doc,
		window,
		server,
		$,
		answer(status, body, headers) {
			server.answers.push({ status, body, headers });
		},
		/** An answer the test releases later: returns the function that releases it. */
		deferAnswer(status, body) {
			let release;
			server.answers.push({ deferred: new Promise((resolve) => {
				release = () => resolve({ status, body });
			}) });
			return () => release();
		},
		/** Runs the next poll timer (not the request timeouts) and lets the request finish. */
		async tick() {
			const timer = timers.filter((t) => t.ms !== 20000)[0];
			assert.ok(timer, 'a poll is scheduled');
			window.clearTimeout(timer.id);
			timer.fn();
			await settle();
		},
		pollScheduled() {
			return timers.some((t) => t.ms !== 20000);
		},
	};
}

function settle() {
	return new Promise((resolve) => setImmediate(resolve));
}

function started(page, extra) {
	page.answer(200, Object.assign({ deeplink: 'https://t.me/BondifyBot?start=sess_abc',
		expiresAt: new Date(Date.now() + 600000).toISOString(), pollIntervalMs: 2000, qrSvg: QR }, extra || {}));
}

function visible(element) {
	return !!element && element.closest('[hidden]') === null;
}

test('scriptWhenLoadedThenNoHtmlInjectionOrEvalInIt', () => {
	assert.doesNotMatch(SCRIPT, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
	// ES2017: none of the later syntax
	assert.doesNotMatch(SCRIPT, /\?\.|\?\?|catch\s*\{|\.finally\(|\.flat\(|Object\.fromEntries|\.\.\.[a-zA-Z]/);
});

test('ownPageWhenContainersAreEmptyThenTheScriptBuildsAccessibleMarkup', () => {
	const page = browser(OWN_PAGE);
	const { $ } = page;

	assert.equal($('tglogin-start').tagName, 'BUTTON');
	assert.equal($('tglogin-start').getAttribute('type'), 'button');
	assert.equal($('tglogin-start').textContent, 'Log in with Telegram');
	assert.equal($('tglogin-status').getAttribute('role'), 'status');
	assert.equal($('tglogin-status').getAttribute('aria-live'), 'polite');
	assert.equal($('tglogin-note').getAttribute('role'), 'status');
	assert.equal(visible($('tglogin-retry')), false);
	assert.equal(visible($('tglogin-qr')), false);
	assert.equal($('tglogin-deeplink').tagName, 'A');
	assert.equal($('tglogin-deeplink').getAttribute('rel'), 'noopener noreferrer');

	const phone = $('tglogin-phone');
	assert.deepEqual([phone.getAttribute('type'), phone.getAttribute('autocomplete'), phone.getAttribute('inputmode')],
		['tel', 'tel', 'tel']);
	assert.equal(page.doc.querySelector('label[for="tglogin-phone"]').textContent, 'Phone number');
	const otp = $('tglogin-otp');
	assert.deepEqual([otp.getAttribute('autocomplete'), otp.getAttribute('inputmode')], ['one-time-code', 'numeric']);
	assert.equal(page.doc.querySelector('label[for="tglogin-otp"]').textContent, 'Code from Telegram');
	assert.equal(visible($('tglogin-otp-form')), false);
	assert.equal($('tglogin-xellar-status').getAttribute('role'), 'status');
	assert.equal(typeof page.window.tglogin.start, 'function');
	// binding twice changes nothing
	page.window.tglogin.bind(page.doc);
	assert.equal(page.doc.querySelectorAll('[data-tglogin-part="start"]').length, 1);
});

test('bondifyWhenStartedOnADesktopThenDeeplinkAndQrImageThenCancelledThenTryAgain', async () => {
	const page = browser(OWN_PAGE);
	const { $ } = page;
	started(page);
	page.answer(200, { status: 'pending' });
	page.answer(200, { status: 'cancelled' });

	$('tglogin-start').focus();
	$('tglogin-start').click();
	await settle();

	assert.equal(page.server.requests[0].url, '/shop/login/telegram/start');
	assert.equal(page.server.requests[0].init.headers['X-CSRF-TOKEN'], 'token-1');
	assert.equal(visible($('tglogin-start')), false);
	assert.equal($('tglogin-deeplink').getAttribute('href'), 'https://t.me/BondifyBot?start=sess_abc');
	assert.equal(visible($('tglogin-deeplink')), true);
	assert.equal(page.doc.activeElement, $('tglogin-deeplink'));
	const img = $('tglogin-qr').querySelector('img');
	assert.ok(visible(img));
	assert.equal(img.alt, 'QR code: scan with your phone to open Telegram');
	assert.equal(img.src, 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(QR));
	assert.match($('tglogin-status').textContent, /Scan the QR code/);
	assert.equal(page.window.opened.length, 0);

	page.doc.activeElement = page.doc.body; // the user clicks elsewhere: polls do not take the focus back
	await page.tick();
	assert.equal(visible($('tglogin-deeplink')), true);
	assert.equal(page.doc.activeElement, page.doc.body);
	await page.tick();

	assert.equal($('tglogin-status').textContent, 'The login was cancelled in Telegram.');
	assert.equal(visible($('tglogin-retry')), true);
	assert.equal($('tglogin-retry').textContent, 'Try again');
	assert.equal(page.doc.activeElement, $('tglogin-retry'));
	assert.equal(visible($('tglogin-qr')), false);
	assert.equal($('tglogin-deeplink').getAttribute('href'), null);
	assert.equal(page.pollScheduled(), false);

	started(page);
	$('tglogin-retry').click();
	await settle();
	assert.equal(page.server.requests.length, 4);
	assert.equal(visible($('tglogin-retry')), false);
	assert.equal(page.doc.activeElement, $('tglogin-deeplink'));
});

test('bondifyWhenRequestInFlightThenButtonDisabledAndBusy', async () => {
	const page = browser(OWN_PAGE);
	const { $ } = page;
	const release = page.deferAnswer(200, { deeplink: 'https://t.me/B?start=s', expiresAt: new Date(Date.now() + 600000).toISOString(),
		pollIntervalMs: 2000 });

	$('tglogin-start').click();
	await settle();
	assert.equal($('tglogin-start').disabled, true);
	assert.equal(page.doc.querySelector('[data-tglogin="bondify"]').getAttribute('aria-busy'), 'true');
	$('tglogin-start').click();
	assert.equal(page.server.requests.length, 1);

	release();
	await settle();
	assert.equal($('tglogin-start').disabled, false);
	assert.equal(page.doc.querySelector('[data-tglogin="bondify"]').getAttribute('aria-busy'), 'false');
});

test('bondifyWhenConnectionFailsThenNoteAndKeepsPollingThenConfirmedRedirects', async () => {
	const page = browser(OWN_PAGE);
	const { $ } = page;
	started(page);
	page.answer(503, { error: 'upstream_unavailable', message: 'down' });
	page.answer(200, { status: 'confirmed', redirectUrl: '/orders' });

	$('tglogin-start').click();
	await settle();
	await page.tick();
	assert.equal($('tglogin-note').textContent, 'Connection problem, retrying\u2026');
	assert.equal(visible($('tglogin-deeplink')), true);
	await page.tick();

	assert.equal($('tglogin-note').textContent, '');
	assert.equal($('tglogin-status').textContent, 'You are logged in. Redirecting\u2026');
	assert.equal(page.window.assigned, 'https://app.example/orders');
});

test('bondifyWhenContainerBaseIsOnAnotherOriginThenRefusedAndTheMetaBaseIsUsed', async () => {
	const page = browser(OWN_PAGE.replace('<div data-tglogin="bondify">',
		'<div data-tglogin="bondify" data-tglogin-base="//evil.example/login/telegram">'));
	started(page);

	page.$('tglogin-start').click();
	await settle();

	assert.deepEqual(page.server.requests.map((r) => r.url), ['/shop/login/telegram/start']);
});

test('bondifyWhenServerAnswersARedirectToAnotherOriginThenGoesHome', async () => {
	const page = browser(OWN_PAGE);
	started(page);
	page.answer(200, { status: 'confirmed', redirectUrl: '/\\evil.example/phish' });

	page.$('tglogin-start').click();
	await settle();
	await page.tick();

	assert.equal(page.window.assigned, '/');
});

test('bondifyWhenConfirmedEventIsCancelledThenNoRedirect', async () => {
	const page = browser(OWN_PAGE);
	started(page);
	page.answer(200, { status: 'confirmed', redirectUrl: '/orders', user: { id: '7' } });
	const container = page.doc.querySelector('[data-tglogin="bondify"]');
	const seen = [];
	container.addEventListener('tglogin:confirmed', (event) => {
		seen.push(event.detail.user.id);
		event.preventDefault();
	});

	page.window.tglogin.start();
	await settle();
	await page.tick();

	assert.deepEqual(seen, ['7']);
	assert.equal(page.window.assigned, null);
});

test('bondifyWhenOnAPhoneThenOpensTelegramAndShowsNoQrCode', async () => {
	const page = browser(OWN_PAGE, { mobile: true });
	const { $ } = page;
	started(page);

	$('tglogin-start').click();
	await settle();

	assert.deepEqual(page.window.opened, [{ url: 'https://t.me/BondifyBot?start=sess_abc', target: '_blank' }]);
	assert.equal(visible($('tglogin-deeplink')), true);
	assert.equal(visible($('tglogin-qr')), false);
	assert.match($('tglogin-status').textContent, /Open Telegram and confirm/);
});

test('xellarWhenPhoneThenWrongCodeThenTooManyThenNewCode', async () => {
	const page = browser(OWN_PAGE);
	const { $ } = page;
	page.answer(200, { status: 'otp_sent' });
	page.answer(401, { error: 'invalid_otp', message: 'The code is wrong', attemptsLeft: 1 });
	page.answer(429, { error: 'too_many_attempts', message: 'Too many wrong codes' });
	page.answer(200, { status: 'otp_sent' });

	$('tglogin-phone').value = '+44 7700 900123';
	$('tglogin-send').click();
	await settle();
	assert.deepEqual(page.server.requests[0].body, { phoneNumber: '+447700900123' });
	assert.equal(page.server.requests[0].url, '/shop/login/telegram/otp');
	assert.equal(visible($('tglogin-phone-form')), false);
	assert.equal(visible($('tglogin-otp-form')), true);
	assert.equal(page.doc.activeElement, $('tglogin-otp'));
	assert.equal($('tglogin-xellar-status').textContent, 'We sent a code to your Telegram. Enter it below.');

	$('tglogin-otp').value = '111111';
	$('tglogin-verify').click();
	await settle();
	assert.equal($('tglogin-xellar-status').textContent, 'The code is wrong. Attempts left: 1.');
	assert.equal($('tglogin-otp').getAttribute('aria-invalid'), 'true');
	assert.match($('tglogin-otp').getAttribute('aria-describedby'), /tglogin-xellar-status/);

	$('tglogin-otp').value = '222222';
	$('tglogin-verify').click();
	await settle();
	assert.equal($('tglogin-xellar-status').textContent, 'Too many wrong codes. Send a new code.');
	assert.equal($('tglogin-verify').disabled, true);
	assert.equal(page.doc.activeElement, $('tglogin-resend'));

	$('tglogin-resend').click();
	await settle();
	assert.deepEqual(page.server.requests[3].body, { phoneNumber: '+447700900123' });
	assert.equal($('tglogin-verify').disabled, false);
	assert.equal($('tglogin-otp').value, '');
	assert.equal(page.doc.activeElement, $('tglogin-otp'));
});

/** An own page in Persian: the texts as the default page hands them over (a JSON object, HTML-escaped). */
function persianPage(texts) {
	const json = JSON.stringify(texts).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
	return OWN_PAGE.replace('<html lang="en">', '<html lang="fa" dir="rtl">')
		.replace('</head>', '<meta name="tglogin_messages" content="' + json + '">\n</head>');
}

test('pageTextsWhenMetaTagThenTheScriptSpeaksItsLanguageWithItsDigits', async () => {
	const page = browser(persianPage({ start: 'ورود با تلگرام', phoneLabel: 'شمارهٔ تلفن', codeSent: 'کد فرستاده شد.',
		wrongCodeAttempts: 'کد نادرست است. تلاش‌های باقی‌مانده: {0}.', unknownKey: 'ignored', retry: 42, send: '' }));
	const { $ } = page;

	assert.equal($('tglogin-start').textContent, 'ورود با تلگرام');
	assert.equal(page.doc.querySelector('label[for="tglogin-phone"]').textContent, 'شمارهٔ تلفن');
	// a text that is not a non-empty string keeps its English default
	assert.equal($('tglogin-retry').textContent, 'Try again');
	assert.equal($('tglogin-send').textContent, 'Send code');
	assert.equal(page.window.tglogin.internal.MESSAGES.unknownKey, undefined);

	page.answer(200, { status: 'otp_sent' });
	page.answer(401, { error: 'invalid_otp', message: 'کد نادرست است', attemptsLeft: 2 });
	$('tglogin-phone').value = '+44 7700 900123';
	$('tglogin-send').click();
	await settle();
	assert.equal($('tglogin-xellar-status').textContent, 'کد فرستاده شد.');
	$('tglogin-otp').value = '111111';
	$('tglogin-verify').click();
	await settle();
	assert.equal($('tglogin-xellar-status').textContent, 'کد نادرست است. تلاش‌های باقی‌مانده: ۲.');
});

test('pageTextsWhenMetaTagIsNotJsonThenEnglish', () => {
	const page = browser(OWN_PAGE.replace('</head>', '<meta name="tglogin_messages" content="{not json">\n</head>'));

	assert.equal(page.$('tglogin-start').textContent, 'Log in with Telegram');
	assert.equal(page.window.tglogin.internal.format('Try again in {0} s.', 30), 'Try again in 30 s.');
});

test('xellarWhenPhoneIsNotInternationalThenMessageAndNoRequest', async () => {
	const page = browser(OWN_PAGE);
	const { $ } = page;
	$('tglogin-phone').value = '07700 900123';
	$('tglogin-send').click();
	await settle();

	assert.equal(page.server.requests.length, 0);
	assert.equal($('tglogin-phone').getAttribute('aria-invalid'), 'true');
	assert.equal(page.doc.activeElement, $('tglogin-phone'));
	assert.match($('tglogin-xellar-status').textContent, /international format/);
});

test('serverPageWhenLoadedThenTheScriptUsesItsMarkup', { skip: SERVER_PAGE === null && 'TGLOGIN_PAGE_HTML not set' },
	async () => {
		const page = browser(SERVER_PAGE);
		const { $ } = page;
		const meta = (name) => page.doc.querySelector('meta[name="' + name + '"]').getAttribute('content');
		// the script used the page's own elements instead of adding its own
		for (const part of ['start', 'waiting', 'deeplink', 'qr', 'status', 'note', 'retry']) {
			assert.equal(page.doc.querySelectorAll('[data-tglogin-part="' + part + '"]').length,
				part === 'status' ? 2 : 1, part);
		}
		assert.equal(page.doc.querySelectorAll('label').length, 2);
		started(page);
		page.answer(200, { status: 'expired' });

		$('tglogin-start').click();
		await settle();
		assert.equal(page.server.requests[0].url, meta('tglogin_base') + '/start');
		assert.equal(page.server.requests[0].init.headers[meta('_csrf_header')], meta('_csrf'));
		assert.ok(visible($('tglogin-qr').querySelector('img')));
		await page.tick();
		assert.equal($('tglogin-status').textContent, 'The login request has expired.');
		assert.equal(visible($('tglogin-retry')), true);

		page.answer(200, { status: 'otp_sent' });
		$('tglogin-phone').value = '+447700900123';
		$('tglogin-send').click();
		await settle();
		assert.equal(visible($('tglogin-otp-form')), true);
		assert.equal(page.doc.activeElement, $('tglogin-otp'));
		assert.equal($('tglogin-otp').getAttribute('aria-describedby'), 'tglogin-otp-hint');
	});
