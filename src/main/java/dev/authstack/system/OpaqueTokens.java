package dev.authstack.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The service's opaque secrets (refresh tokens, mailed links' tokens) and the one-way
 * form they are stored and looked up in. One place, so every token has the same strength
 * and every stored form the same digest.
 */
public final class OpaqueTokens {

	private static final SecureRandom random = new SecureRandom();

	private OpaqueTokens() {
	}

	/** 256 random bits, base64url without padding (43 characters). */
	public static String newToken() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * SHA-256 of the UTF-8 bytes, lower-case hex: what is stored instead of a token or a
	 * name.
	 */
	public static String sha256Hex(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
