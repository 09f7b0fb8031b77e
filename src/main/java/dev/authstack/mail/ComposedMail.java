package dev.authstack.mail;

import java.util.Map;

/**
 * What to send: the recipient's address (a bare address, no display name), the template
 * (files {@code templates/mail/<template>.txt} and {@code .html}, subject
 * {@code <template>.subject} in {@code mail/messages}) and the template's variables.
 */
public record ComposedMail(String to, String template, Map<String, Object> variables) {

	public ComposedMail {
		variables = Map.copyOf(variables);
	}

	@Override
	public String toString() {
		// the variables may hold a link with a token
		return "ComposedMail[template=" + template + "]";
	}

}
