package dev.authstack.migration;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.authstack.migration.CommandLine.Option;

/**
 * Every {@code db} command, in the order {@code db --help} lists them: a new one is added
 * here.
 */
final class Commands {

	private static final List<Command> ALL = List.of(new UpgradeCommand(), new DowngradeCommand(), new CurrentCommand(),
			new HistoryCommand(), new StampCommand(), new RevisionCommand(), new CheckCommand());

	private Commands() {
	}

	static List<Command> all() {
		return ALL;
	}

	static Optional<Command> named(String name) {
		return ALL.stream().filter(command -> command.name().equals(name)).findFirst();
	}

	static List<String> names() {
		return ALL.stream().map(Command::name).toList();
	}

	/** The options some command takes besides {@link CommandLine#EVERYWHERE}. */
	static Set<Option> options() {
		Set<Option> options = new LinkedHashSet<>();
		ALL.forEach(command -> options.addAll(command.options()));
		return options;
	}

}
