package dev.authstack.mail;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** A queued message as its {@link MailComposer} receives it at sending time. */
public record PendingMail(long id, String kind, String recipient, Map<String, String> params, Locale locale,
		Instant createdAt, int attempt) {

	public String param(String name) {
		return params.get(name);
	}

	@Override
	public String toString() {
		return "PendingMail[id=" + id + ", kind=" + kind + "]";
	}

}
