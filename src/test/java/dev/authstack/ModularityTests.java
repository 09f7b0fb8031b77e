package dev.authstack;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages stay as drawn: no cycles, no reaching into another feature's
 * internals.
 */
class ModularityTests {

	@Test
	void modulesRespectTheirBoundaries() {
		ApplicationModules.of(AuthApplication.class).verify();
	}

}
