package dev.tglogin.examples.existing;

import java.util.List;
import java.util.Locale;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.tglogin.link.TelegramAccountLink;
import dev.tglogin.link.TelegramAccountLinks;

/**
 * The app's pages: {@code /} (public), {@code /login} (its own login form, now with Telegram login beside it),
 * {@code /account} (users; the profile, where a user connects and disconnects Telegram), {@code /admin} (admins) and
 * {@code /vault} (a password and a Telegram login both).
 */
@Controller
class PagesController {

	private final TelegramAccountLinks links;

	PagesController(TelegramAccountLinks links) {
		this.links = links;
	}

	@GetMapping("/")
	String home() {
		return "home";
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/account")
	String account(Authentication authentication, Model model) {
		model.addAttribute("name", authentication.getName());
		model.addAttribute("roles", authorities(authentication, "ROLE_"));
		model.addAttribute("links", this.links.findByUsername(authentication.getName())
			.stream()
			.map(ConnectedTelegram::of)
			.toList());
		return "account";
	}

	@GetMapping("/admin")
	String admin(Authentication authentication, Model model) {
		model.addAttribute("name", authentication.getName());
		return "admin";
	}

	@GetMapping("/vault")
	String vault(Authentication authentication, Model model) {
		model.addAttribute("name", authentication.getName());
		model.addAttribute("factors", authorities(authentication, "FACTOR_"));
		return "vault";
	}

	private static List<String> authorities(Authentication authentication, String prefix) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith(prefix))
			.sorted()
			.toList();
	}

	/** A Telegram identity connected to the signed-in user, as the profile page shows it. */
	record ConnectedTelegram(String flow, String id) {

		static ConnectedTelegram of(TelegramAccountLink link) {
			return new ConnectedTelegram(link.flow().name().toLowerCase(Locale.ROOT), link.telegramId());
		}

	}

}
