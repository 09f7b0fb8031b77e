package dev.authstack.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * The embedded default: each message becomes an {@code .eml} file (open it with any mail
 * program), written under a temporary name and renamed, so a reader never sees half a
 * message.
 */
class FileTransport implements MailTransport {

	private final Path directory;

	private final Session session = Session.getInstance(new Properties());

	FileTransport(Path directory) {
		this.directory = directory.toAbsolutePath().normalize();
	}

	Path directory() {
		return directory;
	}

	@Override
	public String describe() {
		return "files in " + directory;
	}

	@Override
	public String kind() {
		return "file";
	}

	@Override
	public Session session() {
		return session;
	}

	@Override
	public void send(MimeMessage message, String name) throws DeliveryException {
		try {
			Files.createDirectories(directory);
			message.saveChanges();
			Path target = directory.resolve(name + ".eml");
			Path temporary = directory.resolve("." + name + ".eml.tmp");
			try (OutputStream out = Files.newOutputStream(temporary)) {
				message.writeTo(out);
			}
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException | MessagingException ex) {
			throw new DeliveryException("could not write " + directory + ": " + ex.getMessage(), false, ex);
		}
	}

}
