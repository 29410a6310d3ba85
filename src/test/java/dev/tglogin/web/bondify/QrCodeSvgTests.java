package dev.tglogin.web.bondify;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import io.nayuki.qrcodegen.DataTooLongException;
import io.nayuki.qrcodegen.QrCode;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class QrCodeSvgTests {

	private static final String DEEPLINK = "https://t.me/BondifyBot?start=sess_3f9a1c0e5b7d4e2a8c6b0d1f2e3a4b5c";

	private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

	@Test
	void renderWhenDeeplinkThenWellFormedSvgWithOnePathAndNoExternalReference() throws Exception {
		String svg = QrCodeSvg.render(DEEPLINK);

		assertThat(svg).startsWith("<svg ").endsWith("</svg>").contains("shape-rendering=\"crispEdges\"");
		Document document = parse(svg);
		Element root = document.getDocumentElement();
		assertThat(root.getTagName()).isEqualTo("svg");
		assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
		assertThat(document.getElementsByTagName("path").getLength()).isOne();
		assertThat(document.getElementsByTagName("rect").getLength()).isOne();
		assertThat(document.getElementsByTagName("*").getLength()).isEqualTo(3);
		// no text, no links, no scripts, no styles: nothing of the input and nothing to fetch
		assertThat(root.getTextContent()).isEmpty();
		assertThat(svg.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http", "href", "url(",
				"script", "style", "sess_", "t.me");
	}

	@Test
	void renderWhenDecodedBackThenEveryModuleMatchesAndTheQuietZoneIsLight() throws Exception {
		QrCode qr = QrCode.encodeText(DEEPLINK, QrCode.Ecc.MEDIUM);
		String svg = QrCodeSvg.render(DEEPLINK);
		int size = viewBoxSize(svg);
		assertThat(size).isEqualTo(qr.size + 2 * QrCodeSvg.QUIET_ZONE);

		boolean[][] dark = rasterize(pathData(svg), size);

		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				int qx = x - QrCodeSvg.QUIET_ZONE;
				int qy = y - QrCodeSvg.QUIET_ZONE;
				boolean inCode = qx >= 0 && qy >= 0 && qx < qr.size && qy < qr.size;
				boolean expected = inCode && qr.getModule(qx, qy);
				assertThat(dark[y][x]).as("module (%d, %d)", x, y).isEqualTo(expected);
			}
		}
	}

	@Test
	void renderWhenTextIsLongerThenTheCodeGrows() {
		int small = viewBoxSize(QrCodeSvg.render("https://t.me/a"));
		int medium = viewBoxSize(QrCodeSvg.render(DEEPLINK));
		int large = viewBoxSize(QrCodeSvg.render(DEEPLINK + "x".repeat(300)));

		assertThat(small).isLessThan(medium);
		assertThat(medium).isLessThan(large);
		assertThat(small).isEqualTo(21 + 8);
	}

	@Test
	void renderWhenDeeplinkThenCompact() {
		assertThat(QrCodeSvg.render(DEEPLINK)).hasSizeLessThan(6000);
	}

	@Test
	void renderWhenTextContainsMarkupThenOutputCarriesNoneOfIt() throws Exception {
		String svg = QrCodeSvg.render("\"><script>alert(1)</script><svg onload=alert(1)>&amp;");

		parse(svg);
		assertThat(svg).doesNotContain("script", "onload", "alert", "&");
		assertThat(pathData(svg)).matches("[Mmhvz0-9,-]+");
	}

	@Test
	void renderWhenTextTooLongThenDataTooLong() {
		assertThatExceptionOfType(DataTooLongException.class).isThrownBy(() -> QrCodeSvg.render("x".repeat(5000)));
	}

	private static Document parse(String svg) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
	}

	private static int viewBoxSize(String svg) {
		Matcher matcher = VIEW_BOX.matcher(svg);
		assertThat(matcher.find()).isTrue();
		assertThat(matcher.group(1)).isEqualTo(matcher.group(2));
		return Integer.parseInt(matcher.group(1));
	}

	private static String pathData(String svg) throws Exception {
		NodeList paths = parse(svg).getElementsByTagName("path");
		return ((Element) paths.item(0)).getAttribute("d");
	}

	/**
	 * Draws the path on a module grid, understanding exactly what {@link QrCodeSvg} writes: subpaths
	 * {@code M x,y} / {@code m dx,dy} then {@code h n v1 h-n z} (a run of n dark modules).
	 */
	private static boolean[][] rasterize(String d, int size) {
		boolean[][] dark = new boolean[size][size];
		Matcher run = Pattern.compile("([Mm])(-?\\d+),(-?\\d+)h(\\d+)v1h-(\\d+)z").matcher(d);
		int x = 0;
		int y = 0;
		int end = 0;
		while (run.find()) {
			assertThat(run.start()).as("path is only runs").isEqualTo(end);
			end = run.end();
			int px = Integer.parseInt(run.group(2));
			int py = Integer.parseInt(run.group(3));
			x = run.group(1).equals("M") ? px : x + px;
			y = run.group(1).equals("M") ? py : y + py;
			int length = Integer.parseInt(run.group(4));
			assertThat(run.group(5)).isEqualTo(run.group(4));
			for (int i = 0; i < length; i++) {
				assertThat(dark[y][x + i]).as("drawn once").isFalse();
				dark[y][x + i] = true;
			}
		}
		assertThat(end).as("whole path parsed").isEqualTo(d.length()).isPositive();
		return dark;
	}

}
