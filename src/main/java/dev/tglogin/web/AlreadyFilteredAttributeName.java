package dev.tglogin.web;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The name of a {@link OncePerRequestFilter}'s "already filtered" request attribute, the same as Spring's default
 * ({@code <filter name>.FILTERED}, or {@code <class name>.FILTERED} before the filter has a name), made once per filter
 * name instead of on every request.
 * <p>
 * {@code OncePerRequestFilter} makes the name and looks it up in the request's attributes for every request that
 * passes the filter, before it asks {@code shouldNotFilter}: a new string of some 60 characters, hashed by the
 * attribute map. For a login filter that lets an unrelated request pass, that was most of its cost (about 60 of 65 ns
 * per request and filter on the bench machine); with the name made once, the lookup hashes a string whose hash is
 * cached. A filter keeps one instance and returns {@link #of} from {@code getAlreadyFilteredAttributeName()}.
 * <p>
 * This class is thread-safe. Shared by the filters of the feature packages ({@code dev.tglogin.web.*}); not meant for
 * applications.
 */
public final class AlreadyFilteredAttributeName {

	private volatile @Nullable Name last;

	/**
	 * Returns the attribute name of a filter with the given name, made again only when the name changed.
	 * @param filterName the filter's name ({@code GenericFilterBean#getFilterName()}), or {@code null} if it has none
	 * @param filterClass the filter's class, whose name stands in for a missing filter name
	 * @return {@code filterName + ".FILTERED"}, or the class name's when {@code filterName} is {@code null}
	 */
	public String of(@Nullable String filterName, Class<?> filterClass) {
		Name name = this.last;
		if (name == null || !Objects.equals(name.filterName(), filterName)) {
			name = new Name(filterName, ((filterName != null) ? filterName : filterClass.getName())
					+ OncePerRequestFilter.ALREADY_FILTERED_SUFFIX);
			this.last = name;
		}
		return name.attribute();
	}

	private record Name(@Nullable String filterName, String attribute) {
	}

}
