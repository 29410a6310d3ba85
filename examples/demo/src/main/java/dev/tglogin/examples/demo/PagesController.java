package dev.tglogin.examples.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.tglogin.autoconfigure.TelegramLoginProperties;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.xellar.XellarWalletCreation;
import dev.tglogin.xellar.XellarWalletService;

/**
 * The public home page, the protected profile page, and wallet creation for a Xellar user without a wallet.
 */
@Controller
class PagesController {

	private static final Log logger = LogFactory.getLog(PagesController.class);

	private final ObjectProvider<XellarWalletService> walletService;

	private final TelegramLoginProperties properties;

	/**
	 * @param walletService the library's wallet service; there is one when the Xellar flow is on
	 * @param properties the {@code tglogin.*} properties, to tell whether the emulator is on
	 */
	PagesController(ObjectProvider<XellarWalletService> walletService, TelegramLoginProperties properties) {
		this.walletService = walletService;
		this.properties = properties;
	}

	/** The emulated Telegram page, when the emulator is on: the pages link to it. */
	@ModelAttribute("emulatorPage")
	String emulatorPage() {
		return this.properties.getEmulator().isEnabled() ? this.properties.getEmulator().getPath() + "/telegram" : null;
	}

	@GetMapping("/")
	String home(Authentication authentication, Model model) {
		if (TelegramAccount.isTelegramLogin(authentication)) {
			model.addAttribute("account", TelegramAccount.of(authentication));
		}
		return "home";
	}

	@GetMapping("/profile")
	String profile(Authentication authentication, Model model) {
		model.addAttribute("account", TelegramAccount.of(authentication));
		model.addAttribute("walletsAvailable", this.walletService.getIfAvailable() != null);
		return "profile";
	}

	/**
	 * Creates a Xellar wallet for the logged-in user. A POST with the page's CSRF token, like any state change.
	 */
	@PostMapping("/profile/wallet")
	String createWallet(HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
		XellarWalletService wallets = this.walletService.getIfAvailable();
		if (wallets == null) {
			redirect.addFlashAttribute("walletError", "Xellar is not configured in this app.");
			return "redirect:/profile";
		}
		try {
			XellarWalletCreation creation = wallets.createWallet(request, response);
			// the recovery secret is the user's: show it to them once, never log it
			redirect.addFlashAttribute("secret0Link", creation.secret0Link());
			redirect.addFlashAttribute("secret0", (creation.secret0Link() != null) ? null : creation.secret0());
			redirect.addFlashAttribute("walletCreatedNow", true);
		}
		catch (IllegalStateException ex) {
			redirect.addFlashAttribute("walletError", ex.getMessage() + ".");
		}
		catch (UpstreamException ex) {
			logger.warn("Wallet creation failed: " + ex.getMessage());
			redirect.addFlashAttribute("walletError", "Xellar could not create the wallet right now. Try again.");
		}
		return "redirect:/profile";
	}

}
