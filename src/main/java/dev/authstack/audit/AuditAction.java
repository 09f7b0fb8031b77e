package dev.authstack.audit;

/**
 * What an audit event records. {@link #value()} is the string in
 * {@code audit_events.action}, which operators query and tests count: renaming a constant
 * is fine, changing a value is not.
 */
public enum AuditAction {

	SIGNUP("signup"),

	LOGIN("login"),

	LOCKOUT("lockout"),

	LOGOUT("logout"),

	REFRESH_REUSE("refresh_reuse"),

	SESSION_REVOKE("session_revoke"),

	PROFILE_UPDATE("profile_update"),

	PASSWORD_CHANGE("password_change"),

	ACCOUNT_DELETE("account_delete"),

	ADMIN_UPDATE("admin_update"),

	EMAIL_VERIFICATION_REQUEST("email_verification_request"),

	EMAIL_VERIFY("email_verify"),

	EMAIL_CHANGE_REQUEST("email_change_request"),

	EMAIL_CHANGE_CONFIRM("email_change_confirm"),

	EMAIL_CHANGE("email_change"),

	EMAIL_CHANGE_UNDO("email_change_undo"),

	PASSWORD_RESET_REQUEST("password_reset_request"),

	PASSWORD_RESET("password_reset");

	private final String value;

	AuditAction(String value) {
		this.value = value;
	}

	/** The stored spelling. */
	public String value() {
		return this.value;
	}

}
