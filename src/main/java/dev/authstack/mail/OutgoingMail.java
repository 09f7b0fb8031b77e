package dev.authstack.mail;

import java.time.Instant;
import java.util.Map;

/**
 * A message to queue: its {@code kind} (the {@link MailComposer} that makes it when it is
 * sent), the address it is about (may be null when the composer finds it), what the
 * composer needs, and optionally when it is no longer worth sending. {@code params} must
 * hold no secret: it is stored until the message is done. Tokens are minted by the
 * composer, at sending time.
 */
public record OutgoingMail(String kind, String recipient, Map<String, String> params, Instant expiresAt) {

	public OutgoingMail {
		params = Map.copyOf(params);
	}

	public static OutgoingMail of(String kind, String recipient, Map<String, String> params) {
		return new OutgoingMail(kind, recipient, params, null);
	}

	@Override
	public String toString() {
		return "OutgoingMail[kind=" + kind + "]";
	}

}
