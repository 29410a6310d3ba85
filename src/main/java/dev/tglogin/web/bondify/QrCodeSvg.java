package dev.tglogin.web.bondify;

import io.nayuki.qrcodegen.QrCode;

import org.springframework.util.Assert;

/**
 * Renders text as a QR code in a small, self-contained SVG: a white background {@code <rect>} and one black
 * {@code <path>} of the dark modules (one rectangle per horizontal run), a quiet zone of 4 modules,
 * {@code shape-rendering="crispEdges"} and a {@code viewBox} in module units, so it scales to any size without
 * blurring. The encoding is qrcodegen's ({@code io.nayuki:qrcodegen}), error correction at least medium.
 * <p>
 * The text never appears in the SVG: the output is made of fixed markup and numbers only, so it needs no escaping
 * and carries no script, link or external reference. The caller sizes the image (the SVG has no {@code width} or
 * {@code height}); in a page, show it as {@code <img src="data:image/svg+xml;charset=utf-8,...">}.
 * <p>
 * This class is thread-safe.
 */
final class QrCodeSvg {

	/** The width of the light border around the code, in modules (the minimum the QR standard asks for). */
	static final int QUIET_ZONE = 4;

	private QrCodeSvg() {
	}

	/**
	 * Renders the text (UTF-8) as a QR code with at least medium error correction (higher when it fits the same
	 * size).
	 * @param text the text, e.g. a deeplink
	 * @return the SVG document, starting with {@code <svg}
	 * @throws io.nayuki.qrcodegen.DataTooLongException when the text does not fit any QR code (about 2300 bytes at
	 * medium error correction)
	 */
	static String render(String text) {
		Assert.notNull(text, "text cannot be null");
		return render(QrCode.encodeText(text, QrCode.Ecc.MEDIUM));
	}

	/**
	 * Renders an encoded QR code.
	 * @param qr the code
	 * @return the SVG document, starting with {@code <svg}
	 */
	static String render(QrCode qr) {
		Assert.notNull(qr, "qr cannot be null");
		int size = qr.size + 2 * QUIET_ZONE;
		StringBuilder path = new StringBuilder(qr.size * qr.size * 2);
		// after "z" the current point is the start of the run just drawn, so the next run moves relative to it
		int lastX = 0;
		int lastY = 0;
		boolean first = true;
		for (int y = 0; y < qr.size; y++) {
			int x = 0;
			while (x < qr.size) {
				if (!qr.getModule(x, y)) {
					x++;
					continue;
				}
				int start = x;
				while (x < qr.size && qr.getModule(x, y)) {
					x++;
				}
				int run = x - start;
				int left = start + QUIET_ZONE;
				int top = y + QUIET_ZONE;
				if (first) {
					path.append('M').append(left).append(',').append(top);
					first = false;
				}
				else {
					path.append('m').append(left - lastX).append(',').append(top - lastY);
				}
				path.append('h').append(run).append("v1h-").append(run).append('z');
				lastX = left;
				lastY = top;
			}
		}
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
				+ "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size
				+ "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
	}

}
