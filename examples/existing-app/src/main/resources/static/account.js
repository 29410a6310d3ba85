// added for Telegram login: the account page reloads once a Telegram account is connected (instead of going to /),
// and its Disconnect buttons call the library's unlink endpoint with the page's CSRF token.
(function () {
	'use strict';
	const meta = (name) => document.querySelector('meta[name="' + name + '"]').content;
	document.addEventListener('tglogin:confirmed', (event) => {
		event.preventDefault();
		location.reload();
	});
	document.addEventListener('click', async (event) => {
		const button = event.target.closest('[data-unlink-flow]');
		if (!button) {
			return;
		}
		button.disabled = true;
		await fetch('/login/telegram/unlink', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'Accept': 'application/json',
				[meta('_csrf_header')]: meta('_csrf') },
			body: JSON.stringify({ flow: button.dataset.unlinkFlow, id: button.dataset.unlinkId })
		});
		location.reload();
	});
})();
