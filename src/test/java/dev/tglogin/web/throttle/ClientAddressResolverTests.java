package dev.tglogin.web.throttle;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressResolverTests {

	@Test
	void resolveWhenNoTrustedProxiesThenTheDirectPeerWhateverTheHeaderSays() {
		ClientAddressResolver resolver = new ClientAddressResolver();
		assertThat(resolver.resolve(request("10.0.0.5", "203.0.113.9"))).isEqualTo("10.0.0.5");
		assertThat(resolver.isForwardedHeaderTrusted()).isFalse();
	}

	@Test
	void resolveWhenThePeerIsATrustedProxyThenTheRightMostUntrustedHop() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8", "192.168.1.1"));
		assertThat(resolver.resolve(request("10.0.0.5", "203.0.113.9"))).isEqualTo("203.0.113.9");
		// what the client wrote itself (left) is never used; proxies of ours (right) are skipped
		assertThat(resolver.resolve(request("10.0.0.5", "1.1.1.1, 203.0.113.9, 192.168.1.1, 10.2.3.4")))
			.isEqualTo("203.0.113.9");
		// several headers read as one list, in order
		assertThat(resolver.resolve(request("10.0.0.5", "198.51.100.7", "10.9.9.9"))).isEqualTo("198.51.100.7");
		// every hop trusted: the left-most
		assertThat(resolver.resolve(request("10.0.0.5", "10.1.1.1, 10.2.2.2"))).isEqualTo("10.1.1.1");
		// no header: the proxy itself
		assertThat(resolver.resolve(request("10.0.0.5"))).isEqualTo("10.0.0.5");
	}

	@Test
	void resolveWhenThePeerIsNotTrustedThenTheHeaderIsIgnored() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8"));
		assertThat(resolver.resolve(request("203.0.113.50", "10.0.0.1"))).isEqualTo("203.0.113.50");
	}

	@Test
	void resolveWhenIpv6ThenTheSlash64AndPortsAndBracketsAreUnderstood() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("::1", "fd00::/8"));
		assertThat(resolver.resolve(request("::1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd")))
			.isEqualTo("2001:db8:1:2:0:0:0:0/64");
		assertThat(resolver.resolve(request("fd12::1", "[2001:db8:1:2::9]:443"))).isEqualTo("2001:db8:1:2:0:0:0:0/64");
		assertThat(resolver.resolve(request("::1", "203.0.113.9:5555"))).isEqualTo("203.0.113.9");
		assertThat(resolver.resolve(request("::1", "::ffff:203.0.113.9"))).isEqualTo("203.0.113.9");
	}

	@Test
	void resolveWhenTheHopIsNotAnAddressThenItIsUsedAsTextAndNothingIsLookedUp() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("127.0.0.1"));
		assertThat(resolver.resolve(request("127.0.0.1", "evil.example.com"))).isEqualTo("unparsed:evil.example.com");
		assertThat(resolver.resolve(request("127.0.0.1", "unknown"))).isEqualTo("unparsed:unknown");
		assertThat(resolver.resolve(request("127.0.0.1", "999.1.1.1"))).isEqualTo("unparsed:999.1.1.1");
		assertThat(ClientAddressResolver.parse("localhost")).isNull();
		assertThat(ClientAddressResolver.parse(".:")).isNull();
		assertThat(ClientAddressResolver.parse("1:2")).isNull();
		assertThat(resolver.resolve(request("127.0.0.1", "x".repeat(500)))).hasSizeLessThanOrEqualTo(80);
	}

	@Test
	void constructWhenATrustedProxyIsNotAnAddressThenFailsFast() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(List.of("proxy.internal")))
			.withMessageContaining("proxy.internal");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/33")));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/x")));
	}

	@Test
	void cidrRangesMatchOnTheirPrefixOnly() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("172.16.0.0/12"));
		assertThat(resolver.resolve(request("172.31.255.255", "203.0.113.1"))).isEqualTo("203.0.113.1");
		assertThat(resolver.resolve(request("172.32.0.1", "203.0.113.1"))).isEqualTo("172.32.0.1");
	}

	private static MockHttpServletRequest request(String peer, String... forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		for (String header : forwardedFor) {
			request.addHeader("X-Forwarded-For", header);
		}
		return request;
	}

}
