package dev.authstack.system;

/**
 * Marks an exception that means "a dependency is away, try again shortly": it reaches a
 * client as 503 with Retry-After, never as a 500.
 */
public interface TransientFault {

}
