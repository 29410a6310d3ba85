package dev.tglogin.web.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A response whose body is kept in memory instead of being sent, so that a filter can change a page before it goes
 * out; status and headers go to the wrapped response as usual, but for the content length, which is set when the
 * body is sent. For one small page only (the generated login page), never for a stream.
 */
final class BufferedPageResponse extends HttpServletResponseWrapper {

	private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);

	private @Nullable ServletOutputStream stream;

	private @Nullable PrintWriter writer;

	BufferedPageResponse(HttpServletResponse response) {
		super(response);
	}

	@Override
	public ServletOutputStream getOutputStream() {
		if (this.writer != null) {
			throw new IllegalStateException("getWriter() has already been called");
		}
		if (this.stream == null) {
			this.stream = new BufferStream(this.body);
		}
		return this.stream;
	}

	@Override
	public PrintWriter getWriter() {
		if (this.stream != null) {
			throw new IllegalStateException("getOutputStream() has already been called");
		}
		if (this.writer == null) {
			this.writer = new PrintWriter(new OutputStreamWriter(this.body, charset()));
		}
		return this.writer;
	}

	@Override
	public void setContentLength(int length) {
	}

	@Override
	public void setContentLengthLong(long length) {
	}

	@Override
	public void flushBuffer() {
		if (this.writer != null) {
			this.writer.flush();
		}
	}

	@Override
	public void resetBuffer() {
		flushBuffer();
		this.body.reset();
		super.resetBuffer();
	}

	@Override
	public void reset() {
		flushBuffer();
		this.body.reset();
		super.reset();
	}

	/** The charset of the body: the response's, as {@code setContentType} or {@code setCharacterEncoding} set it. */
	Charset charset() {
		return Charset.forName(getCharacterEncoding());
	}

	/**
	 * Returns what was written so far.
	 * @return the body's bytes
	 */
	byte[] body() {
		flushBuffer();
		return this.body.toByteArray();
	}

	private static final class BufferStream extends ServletOutputStream {

		private final ByteArrayOutputStream body;

		BufferStream(ByteArrayOutputStream body) {
			this.body = body;
		}

		@Override
		public void write(int b) {
			this.body.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.body.write(b, off, len);
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			throw new UnsupportedOperationException("a buffered page is written synchronously");
		}

		@Override
		public void flush() throws IOException {
		}

	}

}
