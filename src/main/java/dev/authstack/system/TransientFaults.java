package dev.authstack.system;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.hibernate.TransactionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a dependency's outage from a bug: a dropped or refused database connection, a
 * pool with no connection to give, a PostgreSQL shutting down or restarting (SQLState
 * class 08, 57P01-57P03, 53300), a rollback that failed on such a connection, or anything
 * marked {@link TransientFault}. Such failures are answered 503 with Retry-After;
 * everything else stays a 500.
 */
public final class TransientFaults {

	/**
	 * PostgreSQL: admin shutdown, crash shutdown, cannot connect now, too many
	 * connections.
	 */
	private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300");

	private TransientFaults() {
	}

	public static boolean isTransient(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof TransientFault || t instanceof SQLTransientException
					|| t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
					|| t instanceof CannotCreateTransactionException) {
				return true;
			}
			if (t instanceof SQLException sql && transientState(sql.getSQLState())) {
				return true;
			}
			if (t instanceof TransactionException && t.getCause() instanceof SQLException) {
				// the rollback after a dropped connection failed too, and hid the first
				// failure
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the failure came from a pooled connection that the server has closed
	 * (restart, failover, killed backend), as opposed to a pool that could not get any
	 * connection: worth one retry on a fresh connection.
	 */
	public static boolean isDeadConnection(Throwable failure) {
		boolean dead = false;
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof SQLTransientConnectionException) {
				// the pool timed out waiting: the server is away, a retry would only wait
				// again
				return false;
			}
			if (t instanceof SQLException sql && transientState(sql.getSQLState())) {
				dead = true;
			}
		}
		return dead;
	}

	private static boolean transientState(String state) {
		return state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state));
	}

}
