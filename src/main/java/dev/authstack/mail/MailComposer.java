package dev.authstack.mail;

import java.util.Optional;
import java.util.function.Function;

/**
 * Makes one kind of message when the outbox sends it, inside a transaction of its own
 * that commits before the message goes out (so a token it mints is valid when the link
 * arrives). Empty means there is nothing to send (e.g. no account uses the address): the
 * message is dropped, not retried. A failure is retried like a failed delivery.
 */
public interface MailComposer {

	String kind();

	Optional<ComposedMail> compose(PendingMail mail);

	static MailComposer of(String kind, Function<PendingMail, Optional<ComposedMail>> composer) {
		return new MailComposer() {

			@Override
			public String kind() {
				return kind;
			}

			@Override
			public Optional<ComposedMail> compose(PendingMail mail) {
				return composer.apply(mail);
			}

		};
	}

}
