package dev.authstack.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Turns a {@link ComposedMail} into a multipart message: a plain-text part and an HTML
 * part from {@code templates/mail/<template>.txt} and {@code .html}, the subject and
 * every sentence from the bundle {@code mail/messages} in the message's locale (English
 * when there is no translation). Header values are checked, not trusted: an address or
 * subject with a line break or any other control character is refused, so nothing a user
 * typed can add a header.
 */
class MailRenderer {

	static final int MAX_ADDRESS_LENGTH = 254;

	private final SpringTemplateEngine text;

	private final SpringTemplateEngine html;

	private final MessageSource messages;

	private final InternetAddress from;

	MailRenderer(MailProperties properties) {
		ResourceBundleMessageSource bundle = new ResourceBundleMessageSource();
		bundle.setBasename("mail/messages");
		bundle.setDefaultEncoding(StandardCharsets.UTF_8.name());
		bundle.setFallbackToSystemLocale(false);
		this.messages = bundle;
		this.text = engine(TemplateMode.TEXT, ".txt", bundle);
		this.html = engine(TemplateMode.HTML, ".html", bundle);
		this.from = sender(properties.from(), properties.fromName());
	}

	private static SpringTemplateEngine engine(TemplateMode mode, String suffix, MessageSource messages) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/mail/");
		resolver.setSuffix(suffix);
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
		resolver.setCheckExistence(true);
		resolver.setCacheable(true);
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		engine.setTemplateEngineMessageSource(messages);
		return engine;
	}

	/**
	 * The configured sender, checked at startup: a bad AUTH_MAIL_FROM stops the service.
	 */
	static InternetAddress sender(String address, String name) {
		if (hasControlCharacter(address) || hasControlCharacter(name)) {
			throw new IllegalStateException(
					"AUTH_MAIL_FROM and AUTH_MAIL_FROMNAME may not contain line breaks or other control characters");
		}
		try {
			InternetAddress parsed = new InternetAddress(address.strip(), true);
			parsed.validate();
			if (parsed.getPersonal() != null || parsed.isGroup()) {
				throw new AddressException("a bare address is expected");
			}
			return name.isBlank() ? parsed
					: new InternetAddress(parsed.getAddress(), name.strip(), StandardCharsets.UTF_8.name());
		}
		catch (AddressException | UnsupportedEncodingException ex) {
			throw new IllegalStateException("AUTH_MAIL_FROM is not a valid email address (" + ex.getMessage()
					+ "); expected e.g. no-reply@example.com");
		}
	}

	/**
	 * The recipient, or a permanent failure for anything that is not one plain address.
	 */
	static InternetAddress recipient(String address) throws DeliveryException {
		if (address == null || address.isBlank() || address.length() > MAX_ADDRESS_LENGTH
				|| hasControlCharacter(address)) {
			throw new DeliveryException("the recipient is not a single valid address", true, null);
		}
		try {
			InternetAddress parsed = new InternetAddress(address, true);
			parsed.validate();
			if (parsed.getPersonal() != null || parsed.isGroup() || !parsed.getAddress().equals(address)) {
				throw new AddressException("not a bare address");
			}
			return parsed;
		}
		catch (AddressException ex) {
			throw new DeliveryException("the recipient is not a single valid address", true, ex);
		}
	}

	static boolean hasControlCharacter(String value) {
		if (value == null) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029') {
				return true;
			}
		}
		return false;
	}

	MimeMessage render(Session session, ComposedMail mail, Locale locale, String messageId) throws DeliveryException {
		InternetAddress to = recipient(mail.to());
		String subject;
		try {
			subject = messages.getMessage(mail.template() + ".subject", null, locale);
		}
		catch (NoSuchMessageException ex) {
			throw new DeliveryException("no subject for template " + mail.template(), true, ex);
		}
		if (hasControlCharacter(subject)) {
			throw new DeliveryException("the subject of " + mail.template() + " contains a control character", true,
					null);
		}
		Context context = new Context(locale, Map.copyOf(mail.variables()));
		String plain;
		String rich;
		try {
			plain = text.process(mail.template(), context);
			rich = html.process(mail.template(), context);
		}
		catch (RuntimeException ex) {
			throw new DeliveryException("template " + mail.template() + " failed: " + ex.getClass().getSimpleName(),
					true, ex);
		}
		try {
			MimeMessage message = new StableIdMessage(session, messageId);
			MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
					StandardCharsets.UTF_8.name());
			helper.setFrom(from);
			helper.setTo(to);
			helper.setSubject(subject);
			helper.setSentDate(new Date());
			helper.setText(plain, rich);
			message.setHeader("Auto-Submitted", "auto-generated");
			return message;
		}
		catch (MessagingException ex) {
			throw new DeliveryException("could not build the message: " + ex.getMessage(), true, ex);
		}
	}

	/**
	 * Keeps the Message-ID chosen when the message was queued, so a repeated delivery is
	 * recognisable.
	 */
	static final class StableIdMessage extends MimeMessage {

		private final String messageId;

		StableIdMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", messageId);
		}

	}

}
