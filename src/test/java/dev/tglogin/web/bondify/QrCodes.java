package dev.tglogin.web.bondify;

/**
 * The QR code {@code POST /login/telegram/start} answers for a deeplink, for tests outside this package
 * ({@link QrCodeSvg} is package-private).
 */
public final class QrCodes {

	private QrCodes() {
	}

	/**
	 * The SVG the start endpoint answers for a deeplink.
	 * @param deeplink the deeplink
	 * @return its QR code
	 */
	public static String svgOf(String deeplink) {
		return QrCodeSvg.render(deeplink);
	}

}
