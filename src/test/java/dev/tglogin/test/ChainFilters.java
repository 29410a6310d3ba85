package dev.tglogin.test;

import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.Filter;

import org.springframework.security.web.FilterChainProxy;

import dev.tglogin.web.TelegramLoginEndpointsFilter;

/** The filters of security filter chains as they run: the login endpoints' filters in their gate's place. */
public final class ChainFilters {

	private ChainFilters() {
	}

	/**
	 * Returns the filters, each {@link TelegramLoginEndpointsFilter} replaced by its endpoints' filters.
	 * @param filters a chain's filters
	 * @return the filters as they run
	 */
	public static List<Filter> flat(List<Filter> filters) {
		return filters.stream()
			.flatMap((filter) -> (filter instanceof TelegramLoginEndpointsFilter endpoints)
					? endpoints.getFilters().stream() : Stream.of(filter))
			.toList();
	}

	/**
	 * Returns the filters of every chain of the proxy, flattened as {@link #flat}.
	 * @param proxy the proxy
	 * @return the filters
	 */
	public static List<Filter> of(FilterChainProxy proxy) {
		return flat(proxy.getFilterChains().stream().flatMap((chain) -> chain.getFilters().stream()).toList());
	}

}
