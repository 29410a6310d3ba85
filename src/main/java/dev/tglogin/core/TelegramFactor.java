package dev.tglogin.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;

/**
 * The authentication factor a Telegram login grants, for Spring Security 7's multi-factor rules.
 * <p>
 * On Spring Security 7 every Telegram login gets a {@code FactorGrantedAuthority} named {@value #AUTHORITY} (as
 * one-time-token login gets {@code FACTOR_OTT}), issued when the user confirmed, so an app can require it, e.g.
 * {@code .requestMatchers("/wallet/**").hasAllAuthorities("FACTOR_PASSWORD", "FACTOR_TELEGRAM")}. On Spring Security
 * 6.5, which has no factor authorities, nothing is added. The class is looked up once, so the library compiles and
 * runs against both generations.
 */
public final class TelegramFactor {

	/** The factor authority's name. */
	public static final String AUTHORITY = "FACTOR_TELEGRAM";

	private static final String FACTOR_CLASS = "org.springframework.security.core.authority.FactorGrantedAuthority";

	/** {@code (String, Instant) -> GrantedAuthority}, or {@code null} on Spring Security 6. */
	private static final @Nullable MethodHandle FACTORY = factory();

	private TelegramFactor() {
	}

	/**
	 * Returns the factor authority issued at the given instant, when this Spring Security supports factors.
	 * @param issuedAt when the factor was proven
	 * @return the authority, or empty on Spring Security 6
	 */
	public static Optional<GrantedAuthority> authority(Instant issuedAt) {
		if (FACTORY == null) {
			return Optional.empty();
		}
		try {
			return Optional.of((GrantedAuthority) FACTORY.invoke(AUTHORITY, issuedAt));
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot create " + AUTHORITY, ex);
		}
	}

	private static @Nullable MethodHandle factory() {
		try {
			Class<?> factor = Class.forName(FACTOR_CLASS, false, TelegramFactor.class.getClassLoader());
			Class<?> builder = Class.forName(FACTOR_CLASS + "$Builder", false, TelegramFactor.class.getClassLoader());
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			MethodHandle withAuthority = lookup.findStatic(factor, "withAuthority",
					MethodType.methodType(builder, String.class));
			MethodHandle issuedAt = lookup.findVirtual(builder, "issuedAt", MethodType.methodType(builder, Instant.class));
			MethodHandle build = lookup.findVirtual(builder, "build", MethodType.methodType(factor));
			// (String, Instant) -> builder.issuedAt(instant) -> build()
			MethodHandle withTime = MethodHandles.filterArguments(issuedAt, 0, withAuthority);
			return MethodHandles.filterReturnValue(withTime, build)
				.asType(MethodType.methodType(GrantedAuthority.class, String.class, Instant.class));
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return null;
		}
	}

}
