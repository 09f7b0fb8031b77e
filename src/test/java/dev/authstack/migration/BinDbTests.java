package dev.authstack.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/db builds target/auth.jar only when the sources are newer than the last build, also
 * right after {@code ./mvnw package}, whose reproducible jar carries a date in the past.
 * The checkout is a copy with a stand-in for the Maven wrapper that records each build
 * and dates the jar the way the real build does.
 */
class BinDbTests {

	@TempDir
	Path root;

	@Test
	void buildsWhenTheSourcesAreNewerOnly() throws Exception {
		Files.createDirectories(root.resolve("bin"));
		Files.copy(Path.of("bin/db"), root.resolve("bin/db"), StandardCopyOption.COPY_ATTRIBUTES);
		Files.writeString(root.resolve("pom.xml"), "<project/>");
		Path script = Files.createDirectories(root.resolve("src/main/resources/db/migration")).resolve("V9__x.sql");
		Files.writeString(script, "select 1;");
		executable("mvnw", """
				#!/usr/bin/env bash
				echo build >> builds
				mkdir -p target
				: > target/auth.jar.original
				: > target/auth.jar
				# project.build.outputTimestamp: the jar is dated in the past
				touch -d 2020-01-01T00:00:00Z target/auth.jar
				""");
		Path java = executable("java", "#!/usr/bin/env bash\necho \"ran $*\"\n");
		backdate(root.resolve("pom.xml"), script, script.getParent());

		assertThat(run(java)).contains("ran -jar " + root.resolve("target/auth.jar") + " db current");
		assertThat(builds()).isEqualTo(1);

		// the person runs `./mvnw package` themselves: the jar's date is old again
		Process mvnw = new ProcessBuilder(root.resolve("mvnw").toString()).directory(root.toFile()).start();
		assertThat(mvnw.waitFor(1, TimeUnit.MINUTES)).isTrue();
		assertThat(builds()).isEqualTo(2);
		run(java);
		assertThat(builds()).as("no rebuild right after ./mvnw package").isEqualTo(2);

		Files.setLastModifiedTime(script, FileTime.from(Instant.now().plusSeconds(5)));
		run(java);
		assertThat(builds()).as("a changed script").isEqualTo(3);

		Files.setLastModifiedTime(script, FileTime.from(Instant.now().minusSeconds(60)));
		TimeUnit.MILLISECONDS.sleep(20);
		Files.delete(script);
		run(java);
		assertThat(builds()).as("a deleted script").isEqualTo(4);
	}

	private String run(Path java) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/db").toString(), "current")
			.redirectErrorStream(true);
		builder.environment().put("JAVA_BIN", java.toString());
		builder.environment().keySet().removeIf(name -> name.startsWith("AUTH_"));
		Process process = builder.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(out).isZero();
		return out;
	}

	private int builds() throws IOException {
		Path builds = root.resolve("builds");
		return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
	}

	private Path executable(String name, String content) throws IOException {
		Path file = Files.writeString(root.resolve(name), content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

	private static void backdate(Path... files) throws IOException {
		for (Path file : files) {
			Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
		}
	}

}
