package dev.tglogin.config;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;

/**
 * How the DSL finds each collaborator: the value set on the DSL, else the application's unique bean of its type, else
 * the default, the way Spring Security's configurers find theirs (the token service of one-time-token login, the
 * repositories of passkeys). A type with no bean or with more than one is left to the default.
 */
final class Collaborators {

	private Collaborators() {
	}

	/**
	 * Returns the application's unique bean of a type.
	 * @param <T> the type
	 * @param context the application context, if any
	 * @param type the type
	 * @return the bean, or {@code null} when there is no context, no such bean or more than one
	 */
	static <T> @Nullable T bean(@Nullable ApplicationContext context, Class<T> type) {
		return (context != null) ? context.getBeanProvider(type).getIfUnique() : null;
	}

	/**
	 * Returns the DSL value, else the application's unique bean of its type.
	 * @param <T> the type
	 * @param value the value set on the DSL, if any
	 * @param context the application context, if any
	 * @param type the type
	 * @return the value or the bean, {@code null} when there is neither
	 */
	static <T> @Nullable T resolve(@Nullable T value, @Nullable ApplicationContext context, Class<T> type) {
		return (value != null) ? value : bean(context, type);
	}

	/**
	 * Returns the DSL value, else the application's unique bean of its type, else the default.
	 * @param <T> the type
	 * @param value the value set on the DSL, if any
	 * @param context the application context, if any
	 * @param type the type
	 * @param defaultValue makes the default, called only when there is neither value nor bean
	 * @return the collaborator
	 */
	static <T> T resolve(@Nullable T value, @Nullable ApplicationContext context, Class<T> type,
			Supplier<T> defaultValue) {
		T resolved = resolve(value, context, type);
		return (resolved != null) ? resolved : defaultValue.get();
	}

}
