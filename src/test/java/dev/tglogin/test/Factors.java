package dev.tglogin.test;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.ClassUtils;

import dev.tglogin.core.TelegramFactor;

/**
 * Factor authorities in tests that run on Spring Security 7 (which has {@code FactorGrantedAuthority}) and 6.5 (which
 * has not).
 */
public final class Factors {

	private static final String FACTOR_CLASS = "org.springframework.security.core.authority.FactorGrantedAuthority";

	private Factors() {
	}

	/** Whether this Spring Security has factor authorities. */
	public static boolean supported() {
		return ClassUtils.isPresent(FACTOR_CLASS, Factors.class.getClassLoader());
	}

	/** The given authorities, plus {@code FACTOR_TELEGRAM} where factors exist. */
	public static Set<String> withTelegramFactor(String... authorities) {
		Set<String> result = new LinkedHashSet<>(Arrays.asList(authorities));
		if (supported()) {
			result.add(TelegramFactor.AUTHORITY);
		}
		return result;
	}

	/** Whether the authority is a {@code FactorGrantedAuthority}. */
	public static boolean isFactor(GrantedAuthority authority) {
		return authority.getClass().getName().equals(FACTOR_CLASS);
	}

	/** The factor authority's {@code issuedAt}. */
	public static Instant issuedAt(GrantedAuthority authority) {
		try {
			return (Instant) authority.getClass().getMethod("getIssuedAt").invoke(authority);
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError("not a factor authority: " + authority, ex);
		}
	}

}
