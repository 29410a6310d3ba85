package dev.tglogin.web;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HttpSessionPendingLoginRepository}.
 */
class HttpSessionPendingLoginRepositoryTests {

	private final HttpSessionPendingLoginRepository repository = new HttpSessionPendingLoginRepository();

	private final PendingBondifyLogin bondify = new PendingBondifyLogin("sess_a", Instant.parse("2026-11-30T10:10:00Z"));

	private final PendingXellarLogin xellar = new PendingXellarLogin("xv_a", "+447700900123",
			Instant.parse("2026-11-30T10:05:00Z"));

	@Test
	void loadWhenNoSessionThenNullAndNoSessionCreated() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		assertThat(this.repository.load(request, PendingBondifyLogin.class)).isNull();
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void saveWhenNoSessionThenOneIsCreatedAndTheLoginKeptUnderItsTypesName() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		this.repository.save(this.bondify, request, new MockHttpServletResponse());
		assertThat(request.getSession(false).getAttribute("dev.tglogin.PENDING.PendingBondifyLogin"))
			.isSameAs(this.bondify);
		assertThat(this.repository.load(request, PendingBondifyLogin.class)).isSameAs(this.bondify);
	}

	@Test
	void saveWhenBothFlowsThenEachKeptApartAndRemovedApart() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		this.repository.save(this.bondify, request, new MockHttpServletResponse());
		this.repository.save(this.xellar, request, new MockHttpServletResponse());
		assertThat(this.repository.load(request, PendingXellarLogin.class)).isSameAs(this.xellar);
		this.repository.remove(PendingBondifyLogin.class, request, new MockHttpServletResponse());
		assertThat(this.repository.load(request, PendingBondifyLogin.class)).isNull();
		assertThat(this.repository.load(request, PendingXellarLogin.class)).isSameAs(this.xellar);
	}

	@Test
	void saveWhenCalledAgainThenTheAttributeIsSetAgainForReplication() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		MockHttpSession session = new MockHttpSession() {

			private int sets;

			@Override
			public void setAttribute(String name, Object value) {
				super.setAttribute(name + "#" + (++this.sets), value);
				super.setAttribute(name, value);
			}

		};
		request.setSession(session);
		this.repository.save(this.bondify, request, new MockHttpServletResponse());
		this.repository.save(this.bondify.withConfirmedProof("p.r.f"), request, new MockHttpServletResponse());
		assertThat(session.getAttribute("dev.tglogin.PENDING.PendingBondifyLogin#2")).isNotNull();
		assertThat(this.repository.load(request, PendingBondifyLogin.class).getConfirmedProof()).isEqualTo("p.r.f");
	}

	@Test
	void loadWhenTheAttributeHoldsSomethingElseThenNull() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.getSession().setAttribute("dev.tglogin.PENDING.PendingBondifyLogin", "forged");
		assertThat(this.repository.load(request, PendingBondifyLogin.class)).isNull();
	}

	@Test
	void removeWhenNoSessionThenNoSessionCreated() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		this.repository.remove(PendingXellarLogin.class, request, new MockHttpServletResponse());
		assertThat(request.getSession(false)).isNull();
	}

}
