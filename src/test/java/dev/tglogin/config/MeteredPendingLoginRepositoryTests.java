package dev.tglogin.config;

import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.tglogin.observation.MicrometerTelegramLoginMetrics;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingXellarLogin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MeteredPendingLoginRepository} over the HTTP session repository and Micrometer counters.
 */
class MeteredPendingLoginRepositoryTests {

	private static final Instant EXPIRES = Instant.parse("2030-01-01T00:10:00Z");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final HttpSessionPendingLoginRepository sessions = new HttpSessionPendingLoginRepository();

	private final MeteredPendingLoginRepository repository = new MeteredPendingLoginRepository(this.sessions,
			new MicrometerTelegramLoginMetrics(this.meters));

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void saveWhenNewLoginThenStartedAndSaved() {
		PendingBondifyLogin pending = new PendingBondifyLogin("sess_metered_1", EXPIRES);
		this.repository.save(pending, this.request, this.response);
		assertThat(this.sessions.load(this.request, PendingBondifyLogin.class)).isNotNull();
		assertThat(count("tglogin.pending.logins.started", "bondify")).isEqualTo(1);
		assertThat(count("tglogin.pending.logins.ended", "bondify")).isZero();
	}

	@Test
	void saveWhenConfirmedCopyThenNotAnotherStart() {
		PendingBondifyLogin pending = new PendingBondifyLogin("sess_metered_2", EXPIRES);
		this.repository.save(pending, this.request, this.response);
		this.repository.save(pending.withConfirmedProof("proof"), this.request, this.response);
		assertThat(count("tglogin.pending.logins.started", "bondify")).isEqualTo(1);
		assertThat(count("tglogin.pending.logins.ended", "bondify")).isZero();
	}

	@Test
	void saveWhenReplacingALoginThenTheOldOneEnded() {
		this.repository.save(new PendingXellarLogin("vt_1", "+4915112345678", EXPIRES), this.request, this.response);
		this.repository.save(new PendingXellarLogin("vt_2", "+4915112345678", EXPIRES), this.request, this.response);
		assertThat(count("tglogin.pending.logins.started", "xellar")).isEqualTo(2);
		assertThat(count("tglogin.pending.logins.ended", "xellar")).isEqualTo(1);
	}

	@Test
	void removeWhenPendingThenEndedOnceAndRemovingNothingCountsNothing() {
		this.repository.save(new PendingBondifyLogin("sess_metered_3", EXPIRES), this.request, this.response);
		this.repository.remove(PendingBondifyLogin.class, this.request, this.response);
		this.repository.remove(PendingBondifyLogin.class, this.request, this.response);
		this.repository.remove(PendingXellarLogin.class, this.request, this.response);
		assertThat(this.sessions.load(this.request, PendingBondifyLogin.class)).isNull();
		assertThat(count("tglogin.pending.logins.ended", "bondify")).isEqualTo(1);
		assertThat(count("tglogin.pending.logins.ended", "xellar")).isZero();
	}

	private double count(String name, String flow) {
		io.micrometer.core.instrument.Counter counter = this.meters.find(name).tag("flow", flow).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
