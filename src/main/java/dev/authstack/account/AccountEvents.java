package dev.authstack.account;

/**
 * What other features must react to, published synchronously inside the change's
 * transaction so sessions are revoked before the response leaves.
 */
public final class AccountEvents {

	private AccountEvents() {
	}

	/**
	 * The account's roles changed, or it was enabled again: its sessions carry the new
	 * access from the next request.
	 */
	public record AccessChanged(long accountId) {
	}

	/** The account was disabled by an admin: every session ends. */
	public record AccountDisabled(long accountId) {
	}

	/** The account is about to be deleted: every session ends. */
	public record AccountDeleted(long accountId) {
	}

	/** The email change was undone from the old address: every session ends. */
	public record EmailChangeUndone(long accountId) {
	}

	/**
	 * The password changed: every session but {@code keptSessionId} (may be null) ends.
	 */
	public record PasswordChanged(long accountId, String keptSessionId) {
	}

}
