package dev.tglogin.examples.demo;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The {@code cluster-redis} profile keeps the HTTP session in Redis (Spring Session Data Redis), declared here because
 * Boot's own auto-configuration for it (spring-boot-session-data-redis) is not on Maven Central for Boot 4.1.
 * <p>
 * Boot registers a plain {@code Filter} bean for {@code REQUEST} dispatches only, and Spring Session's filter is not a
 * Spring Web {@code OncePerRequestFilter}, so it is registered here for asynchronous and error dispatches too, as
 * Boot's session auto-configuration does: a request resumed asynchronously (a long-poll of the status endpoint) must
 * see the same shared session, not the servlet container's own.
 */
@Configuration(proxyBeanMethods = false)
@Profile("cluster-redis")
@EnableRedisHttpSession(maxInactiveIntervalInSeconds = 1800, redisNamespace = "tglogin-demo:session")
class RedisSessionConfiguration {

	@Bean
	FilterRegistrationBean<SessionRepositoryFilter<?>> springSessionRepositoryFilterRegistration(
			SessionRepositoryFilter<?> springSessionRepositoryFilter) {
		FilterRegistrationBean<SessionRepositoryFilter<?>> registration = new FilterRegistrationBean<>(
				springSessionRepositoryFilter);
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER);
		return registration;
	}

}
