package dev.authstack.system;

/**
 * A dependency reported by the health route, declared by the module that owns it; ordered
 * beans come first ({@code db}).
 */
public interface DependencyCheck {

	String name();

	boolean up();

	/** Whether the service is DOWN without it; Redis is not, the database is. */
	boolean critical();

}
