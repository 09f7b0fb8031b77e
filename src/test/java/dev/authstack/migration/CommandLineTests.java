package dev.authstack.migration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTests {

	@Test
	void readsCommandTargetAndOptionsInAnyOrder() {
		CommandLine line = CommandLine.parse("-v", "upgrade", "--location=/tmp/a", "+2", "--sql", "--location",
				"/tmp/b");
		assertThat(line.command()).isEqualTo("upgrade");
		assertThat(line.argument()).isEqualTo("+2");
		assertThat(line.has(CommandLine.SQL)).isTrue();
		assertThat(line.verbose()).isTrue();
		assertThat(line.all(CommandLine.LOCATION)).containsExactly("/tmp/a", "/tmp/b");
	}

	@Test
	void aNegativeNumberIsADowngradeTarget() {
		assertThat(CommandLine.parse("downgrade", "-1").argument()).isEqualTo("-1");
	}

	@Test
	void revisionTakesAMessage() {
		CommandLine line = CommandLine.parse("revision", "--autogenerate", "-m", "add things", "--dir", "x",
				"--model-package", "a.b");
		assertThat(line.message()).isEqualTo("add things");
		assertThat(line.has(CommandLine.AUTOGENERATE)).isTrue();
		assertThat(line.value(CommandLine.DIR)).isEqualTo("x");
		assertThat(line.all(CommandLine.MODEL_PACKAGE)).containsExactly("a.b");
	}

	@Test
	void helpNeedsNothingElse() {
		assertThat(CommandLine.parse("downgrade", "--help").help()).isTrue();
		assertThat(CommandLine.parse("help", "stamp").helpTopic()).isEqualTo("stamp");
		assertThat(CommandLine.parse("-h").helpTopic()).isNull();
	}

	@Test
	void rejectsWhatMakesNoSense() {
		assertThatThrownBy(() -> CommandLine.parse("migrate")).hasMessageContaining("unknown command");
		assertThatThrownBy(() -> CommandLine.parse("current", "--sql")).hasMessageContaining("takes no --sql");
		assertThatThrownBy(() -> CommandLine.parse("downgrade")).hasMessageContaining("needs a target");
		assertThatThrownBy(() -> CommandLine.parse("downgrade", "head")).hasMessageContaining("-N, a version or base");
		assertThatThrownBy(() -> CommandLine.parse("upgrade", "-1")).hasMessageContaining("head, +N or a version");
		assertThatThrownBy(() -> CommandLine.parse("stamp", "latest")).hasMessageContaining("a version, head or base");
		assertThatThrownBy(() -> CommandLine.parse("revision")).hasMessageContaining("needs a message");
		assertThatThrownBy(() -> CommandLine.parse("revision", "-m")).hasMessageContaining("needs a value");
		assertThatThrownBy(() -> CommandLine.parse("upgrade", "--sql=yes")).hasMessageContaining("takes no value");
		assertThatThrownBy(() -> CommandLine.parse("current", "extra")).hasMessageContaining("unexpected argument");
		assertThatThrownBy(() -> CommandLine.parse("upgrade", "--force")).hasMessageContaining("unknown option");
	}

}
