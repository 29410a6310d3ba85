package dev.tglogin.config;

import jakarta.servlet.Filter;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

import dev.tglogin.web.TelegramLoginEndpoint;
import dev.tglogin.web.TelegramLoginEndpointsFilter;

/**
 * Puts the login endpoints' filters of one {@code HttpSecurity} behind its one {@link TelegramLoginEndpointsFilter},
 * which goes where the endpoint filters went one by one: before {@code UsernamePasswordAuthenticationFilter}, at the
 * first endpoint's place. Filters that guard or authenticate other requests (the account-link guard, the Mini App
 * header) and the linking endpoints behind that guard stay in the chain themselves.
 */
final class TelegramLoginEndpoints {

	private TelegramLoginEndpoints() {
	}

	/**
	 * Adds an endpoint's filter (already post-processed) behind the chain's endpoints filter, made on first use.
	 * @param http the builder of the chain
	 * @param filter the filter
	 * @param <F> the filter's type
	 */
	static <F extends Filter & TelegramLoginEndpoint> void add(HttpSecurity http, F filter) {
		TelegramLoginEndpointsFilter endpoints = http.getSharedObject(TelegramLoginEndpointsFilter.class);
		if (endpoints == null) {
			endpoints = new TelegramLoginEndpointsFilter();
			http.setSharedObject(TelegramLoginEndpointsFilter.class, endpoints);
			http.addFilterBefore(endpoints, UsernamePasswordAuthenticationFilter.class);
		}
		endpoints.addFilter(filter);
	}

}
