package dev.tglogin.jackson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stores every session attribute as JSON, as Spring Session does with a Jackson serializer: written with the mapper
 * on {@code setAttribute}, read back with it (as {@code Object}, the type id deciding) on every
 * {@code getAttribute}. Remembers what it wrote, so a test can see what the store held.
 */
final class JsonSessionFilter extends OncePerRequestFilter {

	private final ObjectMapper mapper;

	private final List<String> written = new CopyOnWriteArrayList<>();

	JsonSessionFilter(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	/** The JSON of every attribute written so far. */
	List<String> written() {
		return this.written;
	}

	/** Also on the async dispatch that ends a long-polled status call, which saves the context. */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public @Nullable HttpSession getSession(boolean create) {
				HttpSession session = super.getSession(create);
				return (session != null) ? new JsonSession(session) : null;
			}

			@Override
			public HttpSession getSession() {
				return new JsonSession(super.getSession());
			}

		}, response);
	}

	/** What the container session holds instead of the attribute. */
	private record Json(String value) {
	}

	private final class JsonSession implements HttpSession {

		private final HttpSession session;

		JsonSession(HttpSession session) {
			this.session = session;
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			Object value = this.session.getAttribute(name);
			if (!(value instanceof Json json)) {
				return value;
			}
			try {
				return JsonSessionFilter.this.mapper.readValue(json.value(), Object.class);
			}
			catch (JsonProcessingException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void setAttribute(String name, @Nullable Object value) {
			if (value == null) {
				this.session.removeAttribute(name);
				return;
			}
			try {
				String json = JsonSessionFilter.this.mapper.writeValueAsString(value);
				JsonSessionFilter.this.written.add(json);
				this.session.setAttribute(name, new Json(json));
			}
			catch (JsonProcessingException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			return this.session.getAttributeNames();
		}

		@Override
		public void removeAttribute(String name) {
			this.session.removeAttribute(name);
		}

		@Override
		public long getCreationTime() {
			return this.session.getCreationTime();
		}

		@Override
		public String getId() {
			return this.session.getId();
		}

		@Override
		public long getLastAccessedTime() {
			return this.session.getLastAccessedTime();
		}

		@Override
		public ServletContext getServletContext() {
			return this.session.getServletContext();
		}

		@Override
		public void setMaxInactiveInterval(int interval) {
			this.session.setMaxInactiveInterval(interval);
		}

		@Override
		public int getMaxInactiveInterval() {
			return this.session.getMaxInactiveInterval();
		}

		@Override
		public void invalidate() {
			this.session.invalidate();
		}

		@Override
		public boolean isNew() {
			return this.session.isNew();
		}

	}

}
