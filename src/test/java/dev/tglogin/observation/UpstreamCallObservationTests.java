package dev.tglogin.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.bondify.BondifySession;
import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.WrongOtpException;
import dev.tglogin.xellar.XellarOtpChallenge;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The observations of upstream calls ({@link UpstreamHttpClient} with an {@code ObservationRegistry}), made by the
 * real Bondify and Xellar clients against the emulator over HTTP.
 */
class UpstreamCallObservationTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

	/** The read timeout of the client that meets a slow upstream. */
	private static final Duration SHORT_READ_TIMEOUT = Duration.ofMillis(300);

	private static EmulatorServer upstream;

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().build(),
				XellarEmulator.builder().loginInterval(Duration.ZERO).build());
	}

	@AfterAll
	static void stop() throws Exception {
		upstream.close();
	}

	@AfterEach
	void clear() {
		upstream.bondify().faults().clear();
		upstream.xellar().faults().clear();
	}

	@Test
	void generateWhenUpstreamAnswersThenSuccessObserved() {
		bondify(this.registry).generate();
		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("tglogin.upstream.calls")
			.hasContextualNameEqualTo("bondify generate")
			.hasLowCardinalityKeyValue("upstream", "bondify")
			.hasLowCardinalityKeyValue("operation", "generate")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasBeenStarted()
			.hasBeenStopped()
			.doesNotHaveError();
	}

	@Test
	void statusWhenUpstreamAnswers500ThenServerErrorObserved() {
		HttpBondifyClient client = bondify(this.registry);
		BondifySession session = client.generate();
		upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, Fault.status(500), 1);
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> client.status(session.sessionToken()));
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("tglogin.upstream.calls", 2)
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "status")
				.hasLowCardinalityKeyValue("outcome", "server_error"));
	}

	@Test
	void statusAsyncWhenUpstreamAnswersThenObservationStoppedBeforeTheAnswer() throws Exception {
		List<UpstreamCallContext> stopped = stoppedContexts();
		HttpBondifyClient client = bondify(this.registry);
		BondifySession session = client.generate();
		client.statusAsync(session.sessionToken()).get();
		org.assertj.core.api.Assertions.assertThat(stopped)
			.extracting(UpstreamCallContext::getOperation, (context) -> context.getOutcome())
			.containsExactly(tuple("generate", UpstreamCallOutcome.SUCCESS), tuple("status", UpstreamCallOutcome.SUCCESS));
	}

	@Test
	void generateWhenUpstreamTooSlowThenTimeoutObservedWithError() {
		upstream.bondify().faults().enqueue(EmulatorFaults.GENERATE, Fault.latency(SHORT_READ_TIMEOUT.plusSeconds(1)), 1);
		UpstreamHttpClient http = new UpstreamHttpClient("bondify", Duration.ofSeconds(1), SHORT_READ_TIMEOUT);
		http.setObservationRegistry(this.registry);
		Throwable failure = catchThrowable(
				() -> new HttpBondifyClient(http, upstream.baseUrl(), upstream.bondify().projectId()).generate());
		org.assertj.core.api.Assertions.assertThat(failure).isInstanceOf(UpstreamTimeoutException.class);
		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "timeout")
			.hasBeenStopped()
			.assertThatError()
			.isInstanceOf(UpstreamTimeoutException.class);
	}

	@Test
	void generateWhenUpstreamDownThenIoErrorObserved() throws Exception {
		upstream.goDown();
		try {
			catchThrowable(() -> bondify(this.registry).generate());
		}
		finally {
			upstream.comeBack();
		}
		assertThat(this.registry).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "io_error");
	}

	@Test
	void xellarCallsWhenObservedThenNamedByOperation() {
		HttpXellarClient client = xellar(this.registry);
		XellarOtpChallenge challenge = client.sendOtp("+6281234567001");
		assertThatExceptionOfType(WrongOtpException.class)
			.isThrownBy(() -> client.verifyOtp(challenge.verificationToken(), "000000"));
		assertThat(this.registry)
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("xellar send")
				.hasLowCardinalityKeyValue("outcome", "success"))
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "verify")
				.hasLowCardinalityKeyValue("outcome", "client_error"));
	}

	@Test
	void callWhenObservedThenNoValueOfTheRequestInTheKeyValues() {
		List<UpstreamCallContext> stopped = stoppedContexts();
		HttpXellarClient client = xellar(this.registry);
		XellarOtpChallenge challenge = client.sendOtp("+6281234567002");
		catchThrowable(() -> client.verifyOtp(challenge.verificationToken(), "000000"));
		org.assertj.core.api.Assertions.assertThat(stopped).hasSize(2).allSatisfy((context) -> {
			KeyValues keyValues = context.getAllKeyValues();
			org.assertj.core.api.Assertions.assertThat(keyValues.stream().map(KeyValue::getKey))
				.containsExactlyInAnyOrder("upstream", "operation", "outcome");
			org.assertj.core.api.Assertions.assertThat(keyValues.stream().map(KeyValue::getValue))
				.noneMatch((value) -> value.contains("6281234567002") || value.contains(challenge.verificationToken()));
		});
	}

	@Test
	void conventionWhenSetThenUsed() {
		UpstreamHttpClient http = new UpstreamHttpClient("bondify", Duration.ofSeconds(1), READ_TIMEOUT);
		http.setObservationRegistry(this.registry);
		http.setObservationConvention(new DefaultUpstreamCallObservationConvention() {
			@Override
			public String getName() {
				return "my.upstream";
			}
		});
		new HttpBondifyClient(http, upstream.baseUrl(), upstream.bondify().projectId()).generate();
		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("my.upstream")
			.hasLowCardinalityKeyValue("operation", "generate");
	}

	@Test
	void callWhenNoRegistryThenAnswersAsBefore() {
		UpstreamHttpClient http = new UpstreamHttpClient("bondify", Duration.ofSeconds(1), READ_TIMEOUT);
		BondifySession session = new HttpBondifyClient(http, upstream.baseUrl(), upstream.bondify().projectId())
			.generate();
		org.assertj.core.api.Assertions.assertThat(session.deeplink()).isNotBlank();
		upstream.bondify().faults().enqueue(EmulatorFaults.GENERATE, Fault.status(503), 1);
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(
				() -> new HttpBondifyClient(http, upstream.baseUrl(), upstream.bondify().projectId()).generate());
	}

	/** The contexts of the upstream calls, in the order their observations stopped. */
	private List<UpstreamCallContext> stoppedContexts() {
		List<UpstreamCallContext> stopped = new CopyOnWriteArrayList<>();
		this.registry.observationConfig().observationHandler(new ObservationHandler<UpstreamCallContext>() {
			@Override
			public void onStop(UpstreamCallContext context) {
				stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof UpstreamCallContext;
			}
		});
		return stopped;
	}

	private static HttpBondifyClient bondify(ObservationRegistry registry) {
		UpstreamHttpClient http = new UpstreamHttpClient("bondify", Duration.ofSeconds(1), READ_TIMEOUT);
		http.setObservationRegistry(registry);
		return new HttpBondifyClient(http, upstream.baseUrl(), upstream.bondify().projectId());
	}

	private static HttpXellarClient xellar(ObservationRegistry registry) {
		UpstreamHttpClient http = new UpstreamHttpClient("xellar", Duration.ofSeconds(1), READ_TIMEOUT);
		http.setObservationRegistry(registry);
		return new HttpXellarClient(http, upstream.baseUrl(), "v2", upstream.xellar().clientSecret());
	}

}
