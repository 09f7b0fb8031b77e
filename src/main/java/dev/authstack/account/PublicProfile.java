package dev.authstack.account;

/** What any signed-in user may see of another. */
record PublicProfile(String username, String firstName, String lastName, String country) {

	static PublicProfile of(Account account) {
		return new PublicProfile(account.getUsername(), account.getFirstName(), account.getLastName(),
				account.getCountry());
	}

}
