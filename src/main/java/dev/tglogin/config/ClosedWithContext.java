package dev.tglogin.config;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Closes what the DSL made and no bean owns (the Jetty HTTP client of an upstream) when the application context
 * closes. Without a context that accepts listeners, the resource stays open until the JVM ends (its threads are
 * daemons).
 */
final class ClosedWithContext implements ApplicationListener<ContextClosedEvent> {

	private final ApplicationContext context;

	private final AutoCloseable resource;

	private ClosedWithContext(ApplicationContext context, AutoCloseable resource) {
		this.context = context;
		this.resource = resource;
	}

	/**
	 * Closes the resource with the context.
	 * @param context the application context, if any
	 * @param resource the resource
	 */
	static void register(@Nullable ApplicationContext context, AutoCloseable resource) {
		if (context instanceof ConfigurableApplicationContext configurable) {
			configurable.addApplicationListener(new ClosedWithContext(context, resource));
		}
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		// a child context's events reach its parent's listeners too
		if (event.getApplicationContext() == this.context) {
			try {
				this.resource.close();
			}
			catch (Exception ex) {
				// best effort: the context is closing
			}
		}
	}

}
