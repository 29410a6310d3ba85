package dev.tglogin.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class EmulatorServletErrorTests {

	@Test
	void serviceWhenUnexpectedExceptionThen500WithoutStackTrace() throws Exception {
		EmulatorServlet servlet = new EmulatorServlet(BondifyEmulator.builder().build());
		HttpServletRequest request = mock(HttpServletRequest.class);
		given(request.getMethod()).willReturn("POST");
		given(request.getRemoteAddr()).willReturn("127.0.0.1");
		given(request.getHttpServletMapping()).willThrow(new IllegalStateException("boom"));
		HttpServletResponse response = mock(HttpServletResponse.class);
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		given(response.getOutputStream()).willReturn(new CapturingOutputStream(body));

		servlet.service(request, response);

		verify(response).setStatus(500);
		assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"emulator error\"}");
	}

	@Test
	void serviceWhenUnexpectedExceptionOnXellarEndpointThen500EnvelopeWithoutStackTrace() throws Exception {
		XellarEmulator xellar = XellarEmulator.builder().build();
		EmulatorServlet servlet = new EmulatorServlet(null, xellar);
		HttpServletRequest request = mock(HttpServletRequest.class);
		HttpServletMapping mapping = mock(HttpServletMapping.class);
		given(mapping.getMappingMatch()).willReturn(MappingMatch.DEFAULT);
		given(request.getHttpServletMapping()).willReturn(mapping);
		given(request.getServletPath()).willReturn("/api/v2/auth/login-telegram");
		given(request.getMethod()).willReturn("POST");
		given(request.getRemoteAddr()).willReturn("127.0.0.1");
		given(request.getHeader("x-client-secret")).willThrow(new IllegalStateException("boom"));
		HttpServletResponse response = mock(HttpServletResponse.class);
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		given(response.getOutputStream()).willReturn(new CapturingOutputStream(body));

		servlet.service(request, response);

		verify(response).setStatus(500);
		assertThat(body.toString(StandardCharsets.UTF_8))
			.isEqualTo("{\"status\":500,\"message\":\"emulator error\",\"data\":null}");
	}

	private static final class CapturingOutputStream extends ServletOutputStream {

		private final ByteArrayOutputStream target;

		private CapturingOutputStream(ByteArrayOutputStream target) {
			this.target = target;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener writeListener) {
		}

		@Override
		public void write(int b) {
			this.target.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.target.write(b, off, len);
		}

	}

}
