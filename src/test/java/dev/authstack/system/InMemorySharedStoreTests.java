package dev.authstack.system;

/** The shared-store contract, in-process (the embedded default and the lockout fallback). */
class InMemorySharedStoreTests extends SharedStoreContract {

	private final InMemorySharedStore store = new InMemorySharedStore();

	@Override
	SharedStore store() {
		return store;
	}

	@Override
	public String toString() {
		return store.kind();
	}

}
