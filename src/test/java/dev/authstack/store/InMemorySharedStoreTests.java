package dev.authstack.store;

/**
 * The shared-store contract, in-process (the embedded default and the lockout fallback).
 */
class InMemorySharedStoreTests extends SharedStoreContract {

	private final InMemorySharedStore store = new InMemorySharedStore();

	@Override
	protected SharedStore store() {
		return store;
	}

	@Override
	public String toString() {
		return store.kind();
	}

}
