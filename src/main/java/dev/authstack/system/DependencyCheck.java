package dev.authstack.system;

/** A dependency reported by the health route beside the database. */
public interface DependencyCheck {

	String name();

	boolean up();

	/** Whether the service is DOWN without it; Redis is not, the database is. */
	boolean critical();

}
