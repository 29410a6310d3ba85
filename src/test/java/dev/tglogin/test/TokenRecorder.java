package dev.tglogin.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A filter in front of the emulator that registers with {@link LogCapture} every token crossing it: the session
 * tokens and proofs Bondify hands out, the verification, wallet, refresh and access tokens and {@code secret0} of
 * Xellar, and the client secret and bearer tokens the library sends. It only copies what passes (bounded), changing
 * nothing of the exchange, so faults such as a dropped connection behave as before.
 */
final class TokenRecorder implements Filter {

	private static final Set<String> TOKEN_FIELDS = Set.of("session_token", "proof", "verificationToken",
			"verifyToken", "walletToken", "refreshToken", "accessToken", "secret0", "rampableAccessToken");

	private static final int MAX_COPY = 64 * 1024;

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse response = (HttpServletResponse) res;
		String secret = request.getHeader("x-client-secret");
		LogCapture.secret("a Xellar client secret sent upstream", secret);
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.startsWith("Bearer ")) {
			LogCapture.secret("a Xellar access token sent upstream", authorization.substring(7));
		}
		CopyingRequest copyingRequest = new CopyingRequest(request);
		CopyingResponse copyingResponse = new CopyingResponse(response);
		try {
			chain.doFilter(copyingRequest, copyingResponse);
		}
		finally {
			record(copyingRequest.copy.toByteArray(), "a token the library sent upstream");
			record(copyingResponse.copy.toByteArray(), "a token the emulator handed out");
		}
	}

	private static void record(byte[] body, String what) {
		if (body.length == 0 || body.length >= MAX_COPY) {
			return;
		}
		try {
			walk(JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8)), what);
		}
		catch (java.text.ParseException | RuntimeException ex) {
			// not JSON (a page, a malformed-JSON fault): nothing to record
		}
	}

	private static void walk(Object json, String what) {
		if (json instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if (value instanceof String text && TOKEN_FIELDS.contains(String.valueOf(key))) {
					LogCapture.secret(what + " (" + key + ")", text);
				}
				else {
					walk(value, what);
				}
			});
		}
		else if (json instanceof List<?> list) {
			list.forEach((item) -> walk(item, what));
		}
	}

	private static void keep(ByteArrayOutputStream copy, byte[] bytes, int offset, int length) {
		if (copy.size() < MAX_COPY) {
			copy.write(bytes, offset, Math.min(length, MAX_COPY - copy.size()));
		}
	}

	private static final class CopyingRequest extends HttpServletRequestWrapper {

		private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

		private ServletInputStream in;

		CopyingRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.in == null) {
				ServletInputStream source = super.getInputStream();
				this.in = new ServletInputStream() {

					@Override
					public int read() throws IOException {
						int b = source.read();
						if (b >= 0) {
							keep(CopyingRequest.this.copy, new byte[] { (byte) b }, 0, 1);
						}
						return b;
					}

					@Override
					public int read(byte[] b, int off, int len) throws IOException {
						int n = source.read(b, off, len);
						if (n > 0) {
							keep(CopyingRequest.this.copy, b, off, n);
						}
						return n;
					}

					@Override
					public boolean isFinished() {
						return source.isFinished();
					}

					@Override
					public boolean isReady() {
						return source.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						source.setReadListener(listener);
					}

				};
			}
			return this.in;
		}

		@Override
		public java.io.BufferedReader getReader() throws IOException {
			InputStream stream = getInputStream();
			String encoding = getCharacterEncoding();
			return new java.io.BufferedReader(new java.io.InputStreamReader(stream,
					(encoding != null) ? java.nio.charset.Charset.forName(encoding) : StandardCharsets.UTF_8));
		}

	}

	private static final class CopyingResponse extends HttpServletResponseWrapper {

		private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

		private ServletOutputStream out;

		private java.io.PrintWriter writer;

		CopyingResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.out == null) {
				ServletOutputStream target = super.getOutputStream();
				this.out = new ServletOutputStream() {

					@Override
					public void write(int b) throws IOException {
						target.write(b);
						keep(CopyingResponse.this.copy, new byte[] { (byte) b }, 0, 1);
					}

					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						target.write(b, off, len);
						keep(CopyingResponse.this.copy, b, off, len);
					}

					@Override
					public void flush() throws IOException {
						target.flush();
					}

					@Override
					public void close() throws IOException {
						target.close();
					}

					@Override
					public boolean isReady() {
						return target.isReady();
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						target.setWriteListener(listener);
					}

				};
			}
			return this.out;
		}

		@Override
		public java.io.PrintWriter getWriter() throws IOException {
			if (this.writer == null) {
				String encoding = getCharacterEncoding();
				this.writer = new java.io.PrintWriter(new java.io.OutputStreamWriter(getOutputStream(),
						(encoding != null) ? java.nio.charset.Charset.forName(encoding) : StandardCharsets.UTF_8));
			}
			return this.writer;
		}

		@Override
		public void flushBuffer() throws IOException {
			if (this.writer != null) {
				this.writer.flush();
			}
			super.flushBuffer();
		}

	}

}
