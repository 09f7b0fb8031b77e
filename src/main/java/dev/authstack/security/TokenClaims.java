package dev.authstack.security;

/**
 * The names of the claims authstack puts in its access tokens beside the registered ones.
 */
public final class TokenClaims {

	/** The session the token belongs to; revocation and authorization follow it. */
	public static final String SESSION_ID = "sid";

	/**
	 * The account's roles when the token was minted (for other services; authstack reads
	 * live roles).
	 */
	public static final String ROLES = "roles";

	/**
	 * Whether the account's email address was verified when the token was minted (OIDC's
	 * name).
	 */
	public static final String EMAIL_VERIFIED = "email_verified";

	/** The account's username when the token was minted. */
	public static final String USERNAME = "preferred_username";

	/** The {@code typ} header of API access tokens (RFC 9068). */
	public static final String API_TOKEN_TYPE = "at+jwt";

	/**
	 * The {@code typ} header of the pages' session tokens: never accepted as an API
	 * token.
	 */
	public static final String PAGE_TOKEN_TYPE = "authstack-page+jwt";

	private TokenClaims() {
	}

}
