package dev.authstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * A message as a test reads it: subject, the text and HTML parts, the link it carries.
 */
public final class ReceivedMail {

	private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+");

	private final MimeMessage message;

	private final String text;

	private final String html;

	public ReceivedMail(MimeMessage message) {
		this.message = message;
		List<String> texts = new ArrayList<>();
		List<String> htmls = new ArrayList<>();
		try {
			collect(message, texts, htmls);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.text = String.join("\n", texts);
		this.html = String.join("\n", htmls);
	}

	private static void collect(Part part, List<String> texts, List<String> htmls)
			throws MessagingException, IOException {
		if (part.isMimeType("text/plain")) {
			texts.add((String) part.getContent());
		}
		else if (part.isMimeType("text/html")) {
			htmls.add((String) part.getContent());
		}
		else if (part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart body = multipart.getBodyPart(i);
				collect(body, texts, htmls);
			}
		}
	}

	public MimeMessage raw() {
		return message;
	}

	public String subject() {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String header(String name) {
		try {
			return message.getHeader(name, ",");
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String text() {
		return text;
	}

	public String html() {
		return html;
	}

	/** The first link in the text part to {@code path} (e.g. "/reset-password"). */
	public String link(String path) {
		Matcher links = LINK.matcher(text);
		while (links.find()) {
			String link = links.group();
			if (link.replaceFirst("https?://[^/]+", "").startsWith(path)) {
				return link;
			}
		}
		throw new AssertionError("no link to " + path + " in:\n" + text);
	}

	/** The token in the fragment of the link to {@code path}. */
	public String token(String path) {
		String link = link(path);
		int at = link.indexOf("#token=");
		if (at < 0) {
			throw new AssertionError("the link to " + path + " carries no token: " + link);
		}
		return link.substring(at + "#token=".length());
	}

}
