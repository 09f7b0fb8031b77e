package dev.authstack.migration;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.authstack.migration.CommandLine.Option;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry is the one list of commands: parsing, --help and the error messages follow
 * it. Nothing here reaches a database (the URL points at a closed port).
 */
class CommandsTests {

	private static final Map<String, String> NO_DATABASE = Map.of("AUTH_DB_URL", "jdbc:postgresql://127.0.0.1:1/none");

	@Test
	void namesAreUniqueAndInHelpOrder() {
		assertThat(Commands.names()).doesNotHaveDuplicates()
			.containsExactly("upgrade", "downgrade", "current", "history", "stamp", "revision", "check")
			.doesNotContain(CommandLine.HELP_COMMAND);
	}

	@Test
	void everyCommandIsListedInHelpAndUsageAndHasItsOwnHelp() {
		Run help = run("--help");
		assertThat(help.exit()).isEqualTo(MigrationCli.OK);
		Run usage = run();
		assertThat(usage.exit()).isEqualTo(MigrationCli.USAGE);
		assertThat(usage.err()).contains("Commands: " + String.join(", ", Commands.names()) + "\n");
		for (Command command : Commands.all()) {
			assertThat(help.out()).containsPattern("(?m)^  " + command.name() + "( |$)");
			Run own = run(command.name(), "--help");
			assertThat(own.exit()).as(command.name()).isEqualTo(MigrationCli.OK);
			assertThat(own.out()).startsWith("Usage: db " + command.name())
				.isEqualTo(run("help", command.name()).out());
			assertThat(own.err()).isEmpty();
		}
	}

	@Test
	void helpListsEachSynopsisWithItsDescriptionInOneColumn() {
		List<String> help = HelpText.main().lines().toList();
		for (Command command : Commands.all()) {
			for (Command.Synopsis synopsis : command.synopsis()) {
				String usage = ("  " + command.name() + " " + synopsis.arguments()).stripTrailing();
				int at = help.indexOf(help.stream().filter(line -> line.startsWith(usage)).findFirst().orElseThrow());
				String first = synopsis.description().lines().findFirst().orElseThrow();
				String described = help.get(at).length() > usage.length() ? help.get(at) : help.get(at + 1);
				assertThat(described).as(usage).endsWith(first);
				assertThat(described.indexOf(first)).as(usage).isEqualTo(34);
			}
		}
	}

	@Test
	void anUnknownCommandIsAUsageErrorNamingTheRegisteredOnes() {
		Run unknown = run("migrate");
		assertThat(unknown.exit()).isEqualTo(MigrationCli.USAGE);
		assertThat(unknown.out()).isEmpty();
		assertThat(unknown.err()).isEqualTo("db: unknown command 'migrate' (commands: upgrade, downgrade, current, "
				+ "history, stamp, revision, check)\nTry 'db --help'.\n");
		Run noHelp = run("help", "migrate");
		assertThat(noHelp.exit()).isEqualTo(MigrationCli.USAGE);
		assertThat(noHelp.err())
			.isEqualTo("db: no help on 'migrate' (commands: " + String.join(", ", Commands.names()) + ")\n");
		assertThat(run("help", "help").exit()).as("help is no command of its own").isEqualTo(MigrationCli.USAGE);
	}

	@Test
	void eachCommandRefusesTheOptionsOnlyOthersTake() {
		for (Command command : Commands.all()) {
			for (Option option : Commands.options()) {
				if (command.options().contains(option)) {
					continue;
				}
				List<String> args = new ArrayList<>(List.of(command.name(), option.name()));
				if (option.takesValue()) {
					args.add("x");
				}
				assertThatThrownBy(() -> CommandLine.parse(args.toArray(String[]::new)))
					.as("%s %s", command.name(), option.name())
					.isInstanceOf(CommandLine.UsageException.class)
					.hasMessage("takes no " + option.name() + " option");
				Run refused = run(args.toArray(String[]::new));
				assertThat(refused.exit()).isEqualTo(MigrationCli.USAGE);
				assertThat(refused.err()).isEqualTo("db " + command.name() + ": takes no " + option.name()
						+ " option\nTry 'db " + command.name() + " --help'.\n");
			}
		}
	}

	@Test
	void everyCommandTakesTheCommonOptions() {
		for (Command command : Commands.all()) {
			for (Option option : CommandLine.EVERYWHERE) {
				List<String> args = new ArrayList<>(List.of(command.name(), "--help", option.name()));
				if (option.takesValue()) {
					args.add("x");
				}
				assertThat(CommandLine.parse(args.toArray(String[]::new)).has(option)).isTrue();
			}
		}
	}

	@Test
	void aCommandsOwnOptionsAreMentionedInItsHelp() {
		for (Command command : Commands.all()) {
			Set<Option> own = command.options();
			for (Option option : own) {
				assertThat(command.help()).as(command.name()).contains(option.name());
			}
		}
	}

	@Test
	void onlyRevisionWithoutAutogenerateRunsWithoutTheDatabase() {
		for (Command command : Commands.all()) {
			boolean offline = command.name().equals("revision");
			assertThat(command.needsDatabase(CommandLine.parse(command.name(), "--help"))).as(command.name())
				.isEqualTo(!offline);
		}
		assertThat(Commands.named("revision")
			.orElseThrow()
			.needsDatabase(CommandLine.parse("revision", "-m", "x", "--autogenerate"))).isTrue();
	}

	private static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = MigrationCli.run(args, NO_DATABASE, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exit, String out, String err) {

	}

}
