package dev.authstack.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test accounts: unique names, so tests sharing one database never collide. */
public final class Accounts {

	public static final String PASSWORD = "lantern orchard velvet 42";

	private Accounts() {
	}

	public static String uniqueName(String prefix) {
		return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	public static Map<String, Object> signup(String username) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("username", username);
		body.put("email", username + "@example.com");
		body.put("password", PASSWORD);
		return body;
	}

	public static Map<String, Object> alice() {
		Map<String, Object> body = signup(uniqueName("alice"));
		body.put("first_name", "Alice");
		body.put("last_name", "Liddell");
		body.put("address", "1 Rabbit Hole");
		body.put("locality", "Oxford");
		body.put("state", "Oxfordshire");
		body.put("country", "GB");
		return body;
	}

}
