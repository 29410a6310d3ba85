package dev.tglogin.web.throttle;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.util.Assert;

/**
 * Tells which client address a request comes from, for per-address throttling.
 * <p>
 * By default the address is the direct peer's, {@link HttpServletRequest#getRemoteAddr()}, and
 * {@code X-Forwarded-For} is ignored: anyone can send that header. Only when the direct peer is one of the configured
 * trusted proxies (addresses or CIDR ranges such as {@code 10.0.0.0/8} or {@code fd00::/8}) is the header read, from
 * right to left, skipping every hop that is itself a trusted proxy: the first hop that is not is the client. The hops
 * to its left were written by the client and are never used. If every hop is a trusted proxy, the left-most one is
 * the client.
 * <p>
 * IPv6 clients are counted per {@code /64} network, the block one subscriber usually gets, so that one client cannot
 * escape the limit by cycling through its own addresses. Addresses are parsed as literals only: nothing here ever
 * makes a DNS lookup. If the container already resolves forwarded headers ({@code server.forward-headers-strategy} in
 * Spring Boot, Tomcat's {@code RemoteIpValve}), leave the trusted proxies empty.
 * <p>
 * This class is thread-safe.
 */
public final class ClientAddressResolver {

	/** The header read from trusted proxies. */
	public static final String X_FORWARDED_FOR = "X-Forwarded-For";

	private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

	private static final Pattern IPV4_WITH_PORT = Pattern.compile("([0-9]{1,3}(?:\\.[0-9]{1,3}){3}):[0-9]{1,5}");

	private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

	private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9a-fA-F:.%a-zA-Z_-]{2,60})\\](?::[0-9]{1,5})?");

	/** Most hops read from the header; a longer chain is cut at this many hops from the right. */
	private static final int MAX_HOPS = 32;

	private final List<Range> trustedProxies;

	/** Creates a resolver that uses the direct peer's address only. */
	public ClientAddressResolver() {
		this(Collections.emptyList());
	}

	/**
	 * Creates a resolver that reads {@code X-Forwarded-For} when the direct peer is a trusted proxy.
	 * @param trustedProxies addresses or CIDR ranges (IPv4 or IPv6 literals, no host names)
	 * @throws IllegalArgumentException when an entry is not an address or range
	 */
	public ClientAddressResolver(Collection<String> trustedProxies) {
		Assert.notNull(trustedProxies, "trustedProxies cannot be null");
		List<Range> ranges = new ArrayList<>();
		for (String proxy : trustedProxies) {
			Assert.hasText(proxy, "trustedProxies cannot contain empty entries");
			ranges.add(Range.parse(proxy.trim()));
		}
		this.trustedProxies = List.copyOf(ranges);
	}

	/** Whether any trusted proxy is configured (then {@code X-Forwarded-For} is read from them). */
	public boolean isForwardedHeaderTrusted() {
		return !this.trustedProxies.isEmpty();
	}

	/**
	 * Returns the client's address as a throttle key: an IPv4 address, an IPv6 {@code /64} network, or, for what is
	 * not an address literal, the text itself (bounded).
	 * @param request the request
	 * @return the client's address
	 */
	public String resolve(HttpServletRequest request) {
		String peer = String.valueOf(request.getRemoteAddr());
		InetAddress peerAddress = parse(peer);
		if (this.trustedProxies.isEmpty() || peerAddress == null || !isTrusted(peerAddress)) {
			return key(peerAddress, peer);
		}
		List<String> hops = hops(request.getHeaders(X_FORWARDED_FOR));
		String client = null;
		InetAddress clientAddress = peerAddress;
		for (int i = hops.size() - 1; i >= 0 && i >= hops.size() - MAX_HOPS; i--) {
			client = hops.get(i);
			clientAddress = parse(client);
			if (clientAddress == null || !isTrusted(clientAddress)) {
				break;
			}
		}
		return (client != null) ? key(clientAddress, client) : key(peerAddress, peer);
	}

	private boolean isTrusted(InetAddress address) {
		for (Range range : this.trustedProxies) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> hops(@Nullable Enumeration<String> headers) {
		List<String> hops = new ArrayList<>();
		if (headers == null) {
			return hops;
		}
		while (headers.hasMoreElements()) {
			String header = headers.nextElement();
			if (header == null) {
				continue;
			}
			for (String hop : header.split(",", -1)) {
				String trimmed = hop.trim();
				if (!trimmed.isEmpty()) {
					hops.add(trimmed);
				}
			}
		}
		return hops;
	}

	private static String key(@Nullable InetAddress address, String text) {
		if (address instanceof Inet6Address) {
			byte[] network = Arrays.copyOf(address.getAddress(), 16);
			Arrays.fill(network, 8, 16, (byte) 0);
			try {
				return InetAddress.getByAddress(network).getHostAddress() + "/64";
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}
		if (address != null) {
			return address.getHostAddress();
		}
		String bounded = (text.length() > 64) ? text.substring(0, 64) : text;
		return "unparsed:" + bounded.toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses an IP literal (IPv4, IPv6 with or without brackets, an optional port), never resolving a name.
	 * @return the address, or {@code null} when the text is not an address literal
	 */
	static @Nullable InetAddress parse(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String literal = text.trim();
		java.util.regex.Matcher withPort = IPV4_WITH_PORT.matcher(literal);
		if (withPort.matches()) {
			literal = withPort.group(1);
		}
		java.util.regex.Matcher bracketed = BRACKETED_IPV6.matcher(literal);
		if (bracketed.matches()) {
			literal = bracketed.group(1);
		}
		int zone = literal.indexOf('%');
		if (zone > 0 && literal.indexOf(':') >= 0) {
			literal = literal.substring(0, zone);
		}
		if (IPV4.matcher(literal).matches()) {
			for (String part : literal.split("\\.")) {
				if (Integer.parseInt(part) > 255) {
					return null;
				}
			}
		}
		else if (!IPV6.matcher(literal).matches() || literal.indexOf(':') < 0
				|| Character.digit(literal.charAt(0), 16) == -1 && literal.charAt(0) != ':') {
			// InetAddress treats only text starting with a hex digit or ':' as a literal; never let it look up a name
			return null;
		}
		try {
			// a literal: InetAddress parses it without any lookup
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException | RuntimeException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "ClientAddressResolver[trustedProxies=" + this.trustedProxies + "]";
	}

	/** An address or CIDR range, validated as a literal here (never a host name) and matched by Spring Security. */
	private record Range(IpAddressMatcher matcher, String text) {

		static Range parse(String text) {
			int slash = text.indexOf('/');
			String address = (slash >= 0) ? text.substring(0, slash) : text;
			InetAddress parsed = ClientAddressResolver.parse(address);
			if (parsed == null) {
				throw new IllegalArgumentException(
						"Trusted proxy '" + text + "' is not an IP address or CIDR range (host names are not allowed)");
			}
			int bits = parsed.getAddress().length * 8;
			int prefix = bits;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(text.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > bits) {
					throw new IllegalArgumentException("Trusted proxy '" + text + "' has an invalid prefix length");
				}
			}
			return new Range(new IpAddressMatcher(parsed.getHostAddress() + "/" + prefix), text);
		}

		boolean contains(InetAddress address) {
			return this.matcher.matches(address.getHostAddress());
		}

		@Override
		public String toString() {
			return this.text;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Range range && range.text.equals(this.text);
		}

		@Override
		public int hashCode() {
			return this.text.hashCode();
		}

	}

}
