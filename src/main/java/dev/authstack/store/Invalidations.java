package dev.authstack.store;

import java.util.function.Consumer;

/**
 * How replicas tell each other that a shared key changed, so each can drop what it
 * remembers of it locally ({@link NearCache}). With Redis: a pub/sub channel, which the
 * store's own writes of versioned copies also publish on (in the same script). In-process
 * there is nothing to tell.
 */
public interface Invalidations {

	/** The channel every replica listens on; each message is the changed key. */
	String CHANNEL = "authstack:invalidations";

	/** None: never live, so near caches pass every read through. */
	Invalidations NONE = new Invalidations() {

		@Override
		public void publish(String key) {
		}

		@Override
		public boolean live() {
			return false;
		}

		@Override
		public void subscribe(Consumer<String> listener) {
		}

	};

	/**
	 * Tells the other replicas that {@code key} changed (best effort; {@link #live()}
	 * covers losses).
	 */
	void publish(String key);

	/**
	 * Whether this replica hears the others now: subscribed, and its own heartbeat came
	 * back recently. While false, nothing may be served from a near cache.
	 */
	boolean live();

	/**
	 * Called with each changed key, and with {@code null} when messages may have been
	 * missed.
	 */
	void subscribe(Consumer<String> listener);

}
