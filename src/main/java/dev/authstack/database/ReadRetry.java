package dev.authstack.database;

import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.authstack.system.TransientFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs a read again, once, when its pooled connection turned out to be dead (PostgreSQL
 * restarted or failed over, the backend was killed). The other idle connections of the
 * pool are as dead as that one, so they are evicted first and the retry gets a fresh
 * connection. A pool that cannot connect at all is not retried: the caller answers 503 at
 * once.
 */
@Component
public class ReadRetry {

	private static final Logger log = LoggerFactory.getLogger(ReadRetry.class);

	/**
	 * The pool, or null when the data source is no Hikari pool (nothing to evict then).
	 */
	private final HikariDataSource pool;

	ReadRetry(DataSource dataSource) {
		this.pool = pool(dataSource);
	}

	private static HikariDataSource pool(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikari) {
			return hikari;
		}
		try {
			return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (SQLException | RuntimeException ex) {
			return null;
		}
	}

	/** {@code read} outside any caller's transaction (it opens its own, if any). */
	public <T> T read(Supplier<T> read) {
		try {
			return read.get();
		}
		catch (RuntimeException ex) {
			if (!TransientFaults.isDeadConnection(ex)) {
				throw ex;
			}
			log.info("A database connection was closed by the server; idle connections evicted, read retried once");
			if (pool != null && pool.getHikariPoolMXBean() != null) {
				pool.getHikariPoolMXBean().softEvictConnections();
			}
			return read.get();
		}
	}

}
