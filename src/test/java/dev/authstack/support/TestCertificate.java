package dev.authstack.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by the JDK's keytool, for
 * test servers that speak TLS; {@link #pem()} is what a client is told to trust.
 */
public final class TestCertificate {

	private static final char[] PASSWORD = "changeit".toCharArray();

	private final Path keystore;

	private final String pem;

	private TestCertificate(Path keystore, String pem) {
		this.keystore = keystore;
		this.pem = pem;
	}

	public static TestCertificate create(String name) {
		try {
			Path directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-tls-");
			Path keystore = directory.resolve(name + ".p12");
			run(keytool(), "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
					"-dname", "CN=" + name, "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
					"-keystore", keystore.toString(), "-storepass", new String(PASSWORD), "-keypass",
					new String(PASSWORD));
			String pem = run(keytool(), "-exportcert", "-rfc", "-alias", name, "-keystore", keystore.toString(),
					"-storepass", new String(PASSWORD));
			return new TestCertificate(keystore, pem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String pem() {
		return pem;
	}

	/** A server-side TLS context presenting this certificate. */
	public SSLContext serverContext() {
		try (InputStream in = Files.newInputStream(keystore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, PASSWORD);
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, PASSWORD);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String keytool() {
		Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
		Path keytool = java.resolveSibling("keytool");
		return Files.isExecutable(keytool) ? keytool.toString() : "keytool";
	}

	private static String run(String... command) throws IOException {
		Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return out;
	}

}
