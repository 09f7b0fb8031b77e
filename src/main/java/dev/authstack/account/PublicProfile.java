package dev.authstack.account;

/** What any signed-in user may see of another. */
record PublicProfile(String username, String firstName, String lastName, String country) {

	static PublicProfile of(AccountView account) {
		return new PublicProfile(account.username(), account.firstName(), account.lastName(), account.country());
	}

}
