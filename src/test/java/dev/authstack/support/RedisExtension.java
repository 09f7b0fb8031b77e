package dev.authstack.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the shared test redis-server before the first class that needs it and stops it
 * when the whole test run ends (the root context's store closes it).
 */
public class RedisExtension implements BeforeAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getRoot()
			.getStore(ExtensionContext.Namespace.GLOBAL)
			.getOrComputeIfAbsent(RedisExtension.class, key -> {
				RedisServer.shared();
				return (AutoCloseable) RedisServer::stopShared;
			});
	}

}
