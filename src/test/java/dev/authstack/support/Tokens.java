package dev.authstack.support;

import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a token's claims the way an attacker holding it can: no key needed. */
public final class Tokens {

	private static final JsonMapper json = JsonMapper.builder().build();

	private Tokens() {
	}

	public static JsonNode claims(String jwt) {
		return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

	public static JsonNode header(String jwt) {
		return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
	}

	public static String sessionId(String jwt) {
		return claims(jwt).get("sid").asString();
	}

}
