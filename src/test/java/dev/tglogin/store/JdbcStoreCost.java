package dev.tglogin.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Measures what the JDBC store costs a login: the time of its operations on a real database, median of several
 * rounds. Not a test (timings never go into tests); run it by hand, see docs/deploying.md:
 * {@code java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.tglogin.store.JdbcStoreCost}
 */
public final class JdbcStoreCost {

	private JdbcStoreCost() {
	}

	public static void main(String[] args) {
		int operations = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		PGSimpleDataSource postgres = new PGSimpleDataSource();
		postgres.setURL("jdbc:postgresql://127.0.0.1:5432/test");
		postgres.setUser("postgres");
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:cost;DB_CLOSE_DELAY=-1");
		System.out.println("| database | useOnce (µs, median of 5 rounds) | increment (µs) | putOutcome (µs) | findOutcome (µs) |");
		System.out.println("|---|---|---|---|---|");
		com.zaxxer.hikari.HikariDataSource pooled = new com.zaxxer.hikari.HikariDataSource();
		pooled.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
		pooled.setUsername("postgres");
		pooled.setMaximumPoolSize(4);
		measure("PostgreSQL 15 on 127.0.0.1, HikariCP pool (Spring Boot's default)", pooled, operations);
		measure("PostgreSQL 15 on 127.0.0.1, a new connection per operation (no pool)", postgres, operations / 10);
		pooled.close();
		measure("H2 in memory", h2, operations);
	}

	private static void measure(String name, DataSource dataSource, int operations) {
		JdbcTelegramLoginStore store = new JdbcTelegramLoginStore(dataSource);
		store.createSchema();
		double[][] rounds = new double[4][5];
		for (int round = 0; round < 5; round++) {
			String prefix = "cost:" + UUID.randomUUID() + ":";
			Instant until = Instant.now().plusSeconds(60);
			long t0 = System.nanoTime();
			for (int i = 0; i < operations; i++) {
				store.useOnce(prefix + i, until);
			}
			long t1 = System.nanoTime();
			for (int i = 0; i < operations; i++) {
				store.increment(prefix + (i % 50), until);
			}
			long t2 = System.nanoTime();
			for (int i = 0; i < operations; i++) {
				store.putOutcome(prefix + "o" + i, "{\"event\":\"auth.cancelled\"}", until);
			}
			long t3 = System.nanoTime();
			for (int i = 0; i < operations; i++) {
				store.findOutcome(prefix + "o" + i);
			}
			long t4 = System.nanoTime();
			rounds[0][round] = (t1 - t0) / 1000.0 / operations;
			rounds[1][round] = (t2 - t1) / 1000.0 / operations;
			rounds[2][round] = (t3 - t2) / 1000.0 / operations;
			rounds[3][round] = (t4 - t3) / 1000.0 / operations;
		}
		System.out.printf("| %s | %.0f | %.0f | %.0f | %.0f |%n", name, median(rounds[0]), median(rounds[1]),
				median(rounds[2]), median(rounds[3]));
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
