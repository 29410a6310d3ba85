package dev.tglogin.bondify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CoalescingTimer}, on its real timer thread.
 */
class CoalescingTimerTests {

	private final AtomicInteger handOvers = new AtomicInteger();

	private final Executor counting = (task) -> {
		this.handOvers.incrementAndGet();
		new Thread(task).start();
	};

	@Test
	void scheduleWhenManyTasksDueTogetherThenHandedOverInChunksNotOneByOne() throws Exception {
		CoalescingTimer timer = new CoalescingTimer(() -> this.counting);
		int tasks = 1_000;
		CountDownLatch ran = new CountDownLatch(tasks);
		for (int i = 0; i < tasks; i++) {
			timer.schedule(ran::countDown, TimeUnit.MILLISECONDS.toNanos(200));
		}
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		// 1,000 tasks scheduled within a few slots: a chunk of up to 64 per hand-over (16 if all fell in one slot)
		assertThat(this.handOvers.get()).isLessThanOrEqualTo(4 * (tasks / CoalescingTimer.CHUNK + 1));
		assertThat(timer.waiting()).isZero();
	}

	@Test
	void scheduleThenNeverRunsBeforeItsDelay() throws Exception {
		CoalescingTimer timer = new CoalescingTimer(() -> Runnable::run);
		List<Long> lateBy = new ArrayList<>();
		CountDownLatch ran = new CountDownLatch(20);
		for (int i = 0; i < 20; i++) {
			long delay = TimeUnit.MILLISECONDS.toNanos(5 * i);
			long due = System.nanoTime() + delay;
			timer.schedule(() -> {
				synchronized (lateBy) {
					lateBy.add(System.nanoTime() - due);
				}
				ran.countDown();
			}, delay);
		}
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(lateBy).allSatisfy((late) -> assertThat(late).isNotNegative());
	}

	@Test
	void scheduleWhenTaskFailsThenTheOthersOfItsChunkStillRun() throws Exception {
		CoalescingTimer timer = new CoalescingTimer(() -> Runnable::run);
		CountDownLatch ran = new CountDownLatch(2);
		long delay = TimeUnit.MILLISECONDS.toNanos(50);
		timer.schedule(ran::countDown, delay);
		timer.schedule(() -> {
			throw new IllegalStateException("boom");
		}, delay);
		timer.schedule(ran::countDown, delay);
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void scheduleWhenExecutorRefusesThenLaterSlotsStillRun() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		CoalescingTimer timer = new CoalescingTimer(() -> (task) -> {
			if (calls.incrementAndGet() == 1) {
				throw new RejectedExecutionException("full");
			}
			task.run();
		});
		CountDownLatch refused = new CountDownLatch(1);
		timer.schedule(refused::countDown, 0);
		CountDownLatch ran = new CountDownLatch(1);
		timer.schedule(ran::countDown, TimeUnit.MILLISECONDS.toNanos(200));
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(refused.getCount()).as("the refused slot's task").isEqualTo(1);
	}

	@Test
	void scheduleBriefThenRunsOnTheTimerThreadWhateverTheExecutorDoes() throws Exception {
		AtomicInteger queued = new AtomicInteger();
		CountDownLatch handedOver = new CountDownLatch(1);
		// an executor that never gets to its queue (all its threads busy), then one that throws
		CoalescingTimer timer = new CoalescingTimer(() -> (task) -> {
			if (queued.incrementAndGet() > 1) {
				throw new IllegalStateException("broken");
			}
			handedOver.countDown();
		});
		CountDownLatch ran = new CountDownLatch(1);
		String[] thread = new String[1];
		long delay = TimeUnit.MILLISECONDS.toNanos(50);
		timer.schedule(() -> {
		}, delay);
		timer.scheduleBrief(() -> {
			thread[0] = Thread.currentThread().getName();
			ran.countDown();
		}, delay);
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(thread[0]).startsWith("tglogin-status-timer-");
		// the brief task runs before the slot's other tasks are handed over: wait for the hand-over
		assertThat(handedOver.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(queued.get()).as("the other task, handed over").isEqualTo(1);
		CountDownLatch again = new CountDownLatch(1);
		timer.schedule(() -> {
		}, delay);
		timer.scheduleBrief(again::countDown, delay);
		assertThat(again.await(10, TimeUnit.SECONDS)).as("a brief task whatever the executor throws").isTrue();
	}

	@Test
	void scheduleWhenManyThreadsScheduleAtOnceThenEveryTaskRunsExactlyOnce() throws Exception {
		CoalescingTimer timer = new CoalescingTimer(() -> Runnable::run);
		int threads = 8;
		int perThread = 2_000;
		ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
		CountDownLatch ran = new CountDownLatch(threads * perThread);
		List<Thread> schedulers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int first = t * perThread;
			Thread scheduler = new Thread(() -> {
				for (int i = first; i < first + perThread; i++) {
					int id = i;
					// delays of 0 to 3 slots, so slots are handed over while others are still being filled
					timer.schedule(() -> {
						runs.computeIfAbsent(id, (k) -> new AtomicInteger()).incrementAndGet();
						ran.countDown();
					}, TimeUnit.MILLISECONDS.toNanos(id % 4 * CoalescingTimer.SLOT_MILLIS));
				}
			});
			schedulers.add(scheduler);
			scheduler.start();
		}
		for (Thread scheduler : schedulers) {
			scheduler.join();
		}
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(runs).hasSize(threads * perThread);
		assertThat(runs.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		assertThat(timer.waiting()).isZero();
	}

}
