package dev.tglogin.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Filter;

import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;

import dev.tglogin.web.TelegramLoginEndpointsFilter;

/**
 * Where the difference of the {@code fcp} step comes from: the cost of each filter of the chain with
 * {@code telegramLogin()} on the unrelated {@code GET /} of {@link FilterChainBenchmark}. From that chain's own filter
 * instances, variants of it are built as {@code FilterChainProxy}s: all filters; without any of the library's
 * ({@code dev.tglogin.*}); without one filter at a time (each of the library's, and Spring Security's
 * {@code LogoutFilter}, a filter whose matcher misses too, for scale); the library's filters replaced by as many
 * filters that only pass the request on (the cost of the number of filters alone). The variants are interleaved in rounds and
 * timed by thread CPU time; a filter's cost is the median over rounds of (all − all without it). A diagnostic in the
 * driver JVM (no JMH protections), reported beside the step's figures.
 */
final class FcpFilterCosts {

	private static final String LOGOUT = "org.springframework.security.web.authentication.logout.LogoutFilter";

	private static final String PASS = "the library's replaced by pass-through filters";

	private static final String FLAT = "the endpoint filters one by one in the chain, without their gate";

	/** Filters that only pass the request on, each of its own class. */
	private static final Filter[] PASS_THROUGH = { (q, s, c) -> c.doFilter(q, s), (q, s, c) -> c.doFilter(q, s),
			(q, s, c) -> c.doFilter(q, s), (q, s, c) -> c.doFilter(q, s), (q, s, c) -> c.doFilter(q, s),
			(q, s, c) -> c.doFilter(q, s), (q, s, c) -> c.doFilter(q, s), (q, s, c) -> c.doFilter(q, s),
			(q, s, c) -> c.doFilter(q, s), (q, s, c) -> c.doFilter(q, s) };

	private FcpFilterCosts() {
	}

	/**
	 * The diagnostic alone: {@code java -cp "bench/target/classes:bench/target/lib/*" dev.tglogin.bench.FcpFilterCosts
	 * [rounds] [ops per round]}.
	 */
	public static void main(String[] args) throws Exception {
		Control.quietLogging();
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 15;
		int ops = (args.length > 1) ? Integer.parseInt(args[1]) : 20_000;
		Map<String, Object> out = run(5, rounds, ops);
		((Map<?, ?>) out.get("cpuNsPerOpMedian")).forEach((k, v) -> System.out.printf("%-70s %8.0f ns%n", k, v));
		System.out.printf("%-70s %8.0f ns%n", "the library's filters", out.get("libraryFiltersNs"));
		System.out.printf("%-70s %8.0f ns%n", "as many pass-through filters", out.get("passThroughFiltersNs"));
		((Map<?, ?>) out.get("perFilterNs")).forEach((k, v) -> System.out.printf("  %-68s %8.0f ns%n", k, v));
		System.exit(0);
	}

	static Map<String, Object> run(int warmupRounds, int rounds, int opsPerRound) throws Exception {
		FilterChainBenchmark b = new FilterChainBenchmark();
		b.flavor = "TELEGRAM";
		b.setUp();
		try {
			FilterChainProxy real = (FilterChainProxy) b.proxy();
			SecurityFilterChain chain = real.getFilterChains().get(0);
			List<Filter> all = List.copyOf(chain.getFilters());
			Map<String, Filter> variants = new LinkedHashMap<>();
			variants.put("all", proxy(chain, all));
			List<Filter> none = all.stream().filter((f) -> !isLibrary(f)).toList();
			variants.put("none of the library's", proxy(chain, none));
			// the library's filters replaced by as many pass-through filters, each of its own class (as many receiver
			// classes at the chain's call site as with the library's): the cost of having that many filters at all
			List<Filter> passThrough = new ArrayList<>();
			int p = 0;
			for (Filter f : all) {
				passThrough.add(isLibrary(f) ? PASS_THROUGH[p++ % PASS_THROUGH.length] : f);
			}
			variants.put(PASS, proxy(chain, passThrough));
			// as before TelegramLoginEndpointsFilter: each endpoint filter in the chain itself, at the gate's place
			List<Filter> flat = new ArrayList<>();
			List<String> endpointFilters = new ArrayList<>();
			for (Filter f : all) {
				if (f instanceof TelegramLoginEndpointsFilter endpoints) {
					flat.addAll(endpoints.getFilters());
					endpoints.getFilters().forEach((e) -> endpointFilters.add(e.getClass().getSimpleName()));
				}
				else {
					flat.add(f);
				}
			}
			if (!endpointFilters.isEmpty()) {
				variants.put(FLAT, proxy(chain, flat));
			}
			List<String> removable = new ArrayList<>();
			for (Filter f : all) {
				String name = f.getClass().getName();
				if (isLibrary(f) || LOGOUT.equals(name)) {
					removable.add(name);
					variants.put(name, proxy(chain, all.stream().filter((g) -> g != f).toList()));
				}
			}
			long expected = b.callThrough(real, false);
			for (Map.Entry<String, Filter> v : variants.entrySet()) {
				for (boolean session : new boolean[] { false, true }) {
					long answer = b.callThrough(v.getValue(), session);
					if (answer != expected) {
						throw new IllegalStateException("fcp filter costs: variant " + v.getKey() + " answered status "
								+ (answer >>> 32) + " length " + (int) answer);
					}
				}
			}
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			List<String> names = new ArrayList<>(variants.keySet());
			Map<String, List<Double>> nsPerOp = new LinkedHashMap<>();
			names.forEach((n) -> nsPerOp.put(n, new ArrayList<>()));
			long checksum = 0;
			for (int round = 0; round < warmupRounds + rounds; round++) {
				Map<String, Double> thisRound = new LinkedHashMap<>();
				for (int k = 0; k < names.size(); k++) {
					String name = names.get((round + k) % names.size());
					Filter filter = variants.get(name);
					long c0 = threads.getCurrentThreadCpuTime();
					for (int i = 0; i < opsPerRound; i++) {
						// half without a session, half with one, alternating
						checksum += b.callThrough(filter, (i & 1) == 1);
					}
					thisRound.put(name, (threads.getCurrentThreadCpuTime() - c0) / (double) opsPerRound);
				}
				if (round >= warmupRounds) {
					thisRound.forEach((name, ns) -> nsPerOp.get(name).add(ns));
				}
			}
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("warmupRounds", warmupRounds);
			out.put("rounds", rounds);
			out.put("opsPerRoundPerVariant", opsPerRound);
			out.put("requests", "GET /, alternately without a session and with the logged-in session");
			Map<String, Object> variantNs = new LinkedHashMap<>();
			nsPerOp.forEach((name, values) -> variantNs.put(name, Stats.median(values)));
			out.put("cpuNsPerOpMedian", variantNs);
			out.put("libraryFiltersNs", difference(nsPerOp.get("all"), nsPerOp.get("none of the library's")));
			out.put("libraryFilterCount", p);
			out.put("passThroughFiltersNs", difference(nsPerOp.get(PASS), nsPerOp.get("none of the library's")));
			out.put("libraryOverPassThroughNs", difference(nsPerOp.get("all"), nsPerOp.get(PASS)));
			out.put("endpointFilters", endpointFilters);
			if (!endpointFilters.isEmpty()) {
				out.put("flatName", FLAT);
				out.put("flatOverGateNs", difference(nsPerOp.get(FLAT), nsPerOp.get("all")));
			}
			Map<String, Object> perFilter = new LinkedHashMap<>();
			for (String name : removable) {
				perFilter.put(name, difference(nsPerOp.get("all"), nsPerOp.get(name)));
			}
			out.put("perFilterNs", perFilter);
			out.put("checksum", checksum);
			return out;
		}
		finally {
			b.tearDown();
		}
	}

	private static boolean isLibrary(Filter filter) {
		return filter.getClass().getName().startsWith("dev.tglogin.");
	}

	private static Filter proxy(SecurityFilterChain chain, List<Filter> filters) {
		FilterChainProxy proxy = new FilterChainProxy(
				new DefaultSecurityFilterChain(((DefaultSecurityFilterChain) chain).getRequestMatcher(), filters));
		proxy.afterPropertiesSet();
		return proxy;
	}

	/** The median over rounds of {@code with − without}, per round. */
	private static double difference(List<Double> with, List<Double> without) {
		List<Double> d = new ArrayList<>();
		for (int i = 0; i < with.size(); i++) {
			d.add(with.get(i) - without.get(i));
		}
		return Stats.median(d);
	}

}
