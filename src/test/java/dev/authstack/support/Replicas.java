package dev.authstack.support;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several service instances started with the same arguments (replicas of one deployment).
 */
public final class Replicas implements AutoCloseable {

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	private final List<Api> apis = new ArrayList<>();

	public Replicas(int count, String... args) {
		try {
			for (int i = 0; i < count; i++) {
				ConfigurableApplicationContext app = Instances.start(args);
				apps.add(app);
				apis.add(new Api(Instances.port(app)));
			}
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	public Api api(int replica) {
		return apis.get(replica);
	}

	public List<Api> apis() {
		return List.copyOf(apis);
	}

	public ConfigurableApplicationContext app(int replica) {
		return apps.get(replica);
	}

	/** Stops every replica, the last started first. */
	@Override
	public void close() {
		for (int i = apps.size() - 1; i >= 0; i--) {
			apps.get(i).close();
		}
		apps.clear();
	}

}
