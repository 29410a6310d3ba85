package dev.tglogin.examples.existing;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The app's pages: {@code /} (public), {@code /login} (its own login form, now with Telegram login beside it),
 * {@code /account} (users) and {@code /admin} (admins).
 */
@Controller
class PagesController {

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
		model.addAttribute("roles", roles(authentication));
		return "account";
	}

	@GetMapping("/admin")
	String admin(Authentication authentication, Model model) {
		model.addAttribute("name", authentication.getName());
		return "admin";
	}

	private static List<String> roles(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.sorted()
			.toList();
	}

}
