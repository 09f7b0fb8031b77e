package dev.authstack.migration;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.authstack.account.Account;

/**
 * Test-only entity models, compiled when a test asks for them. They are sources here
 * rather than classes under src/test/java because the service's own entity scan covers
 * dev.authstack, test classes included: an extra @Entity there would break every
 * application test. The class loader {@link #compile} returns sees them;
 * {@code db --model-package} finds them through it.
 */
final class TestModels {

	/** A new table owned by an account: a foreign key and an index. */
	static final String V1 = "dev.authstack.migration.testmodel.v1";

	/**
	 * V1 changed: a column added with a unique key, one widened, one made NOT NULL, one
	 * dropped; a new entity with a unique index and a foreign key to the first.
	 */
	static final String V2 = "dev.authstack.migration.testmodel.v2";

	private static final Map<String, String> SOURCES = Map.of(V1 + ".Widget", """
			package dev.authstack.migration.testmodel.v1;

			import java.time.Instant;

			import jakarta.persistence.*;

			import dev.authstack.account.Account;

			@Entity
			@Table(name = "test_widgets", indexes = @Index(columnList = "created_at"))
			public class Widget {

				@Id
				@GeneratedValue(strategy = GenerationType.IDENTITY)
				private Long id;

				@ManyToOne(optional = false)
				@JoinColumn(name = "owner_id")
				private Account owner;

				@Column(nullable = false, length = 64)
				private String name;

				@Column(length = 32)
				private String colour;

				@Column(length = 32)
				private String label;

				private Instant createdAt;

				private int quantity;

			}
			""", V2 + ".Widget", """
			package dev.authstack.migration.testmodel.v2;

			import java.time.Instant;

			import jakarta.persistence.*;

			import dev.authstack.account.Account;

			@Entity
			@Table(name = "test_widgets", indexes = @Index(columnList = "created_at"),
					uniqueConstraints = @UniqueConstraint(columnNames = "serial"))
			public class Widget {

				@Id
				@GeneratedValue(strategy = GenerationType.IDENTITY)
				private Long id;

				@ManyToOne(optional = false)
				@JoinColumn(name = "owner_id")
				private Account owner;

				@Column(nullable = false, length = 100)
				private String name;

				@Column(nullable = false, length = 32)
				private String colour;

				private Instant createdAt;

				private long quantity;

				@Column(length = 40)
				private String serial;

			}
			""", V2 + ".Gadget", """
			package dev.authstack.migration.testmodel.v2;

			import jakarta.persistence.*;

			@Entity
			@Table(name = "test_gadgets",
					indexes = @Index(name = "test_gadgets_code_key", columnList = "code", unique = true))
			public class Gadget {

				@Id
				@Column(length = 36)
				private String id;

				@ManyToOne
				@JoinColumn(name = "widget_id")
				private Widget widget;

				@Column(nullable = false, length = 16)
				private String code;

				@Column(columnDefinition = "text")
				private String notes;

			}
			""");

	private TestModels() {
	}

	/**
	 * Compiles every test model under {@code directory}; a class loader that sees them.
	 */
	static ClassLoader compile(Path directory) {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		if (compiler == null) {
			throw new IllegalStateException("The tests need a JDK (javax.tools) to compile the test models");
		}
		Path classes = directory.resolve("classes");
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
				Stream.of(jakarta.persistence.Entity.class, Account.class)
					.map(TestModels::location)
					.collect(Collectors.joining(File.pathSeparator)),
				"-proc:none", "-nowarn"));
		try {
			Files.createDirectories(classes);
			for (Map.Entry<String, String> source : SOURCES.entrySet()) {
				Path file = directory.resolve("sources").resolve(source.getKey().replace('.', '/') + ".java");
				Files.createDirectories(file.getParent());
				Files.writeString(file, source.getValue());
				arguments.add(file.toString());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int status = compiler.run(null, output, output, arguments.toArray(String[]::new));
		if (status != 0) {
			throw new IllegalStateException("The test models did not compile:\n" + output);
		}
		try {
			return new URLClassLoader(new URL[] { classes.toUri().toURL() }, TestModels.class.getClassLoader());
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
