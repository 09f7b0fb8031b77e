package dev.authstack.account;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The full record, for its owner and admins. Never carries the hash. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AccountView(Long id, String username, String email, String firstName, String lastName, String address,
		String locality, String state, String country, String status, Set<String> roles, boolean emailVerified,
		Instant insertTime, Instant updateTime) {

	public static AccountView of(Account account) {
		return new AccountView(account.getId(), account.getUsername(), account.getEmail(), account.getFirstName(),
				account.getLastName(), account.getAddress(), account.getLocality(), account.getState(),
				account.getCountry(), account.getStatus(), account.getRoles(), account.isEmailVerified(),
				account.getInsertTime(), account.getUpdateTime());
	}

}
