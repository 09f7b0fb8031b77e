package dev.authstack.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.flywaydb.core.api.MigrationVersion;

/**
 * The parsed arguments of one {@code db} invocation: a command, its arguments and
 * options. What a command takes comes from its {@link Command} in {@link Commands}.
 */
record CommandLine(String command, List<String> arguments, Map<String, List<String>> options) {

	static final Option SQL = Option.flag("--sql");

	static final Option LOCATION = Option.repeatable("--location");

	static final Option MESSAGE = Option.once("--message").shortly("-m");

	static final Option AUTOGENERATE = Option.flag("--autogenerate");

	static final Option DIR = Option.once("--dir");

	static final Option MODEL_PACKAGE = Option.repeatable("--model-package");

	static final Option REV_ID = Option.once("--rev-id");

	static final Option HELP = Option.flag("--help").shortly("-h");

	static final Option VERBOSE = Option.flag("--verbose").shortly("-v");

	/** Every option there is; each {@link Command} names the ones it takes. */
	private static final List<Option> OPTIONS = List.of(SQL, LOCATION, MESSAGE, AUTOGENERATE, DIR, MODEL_PACKAGE,
			REV_ID, HELP, VERBOSE);

	/** The options every command takes, on top of its own. */
	static final Set<Option> EVERYWHERE = Set.of(HELP, VERBOSE, LOCATION);

	/**
	 * {@code db help [COMMAND]}: another spelling of --help, not a command of its own.
	 */
	static final String HELP_COMMAND = "help";

	/** A version as upgrade, downgrade and stamp take it: 2, 1.1, 1_1. */
	static final String VERSION = "\\d+([._]\\d+)*";

	static CommandLine parse(String... args) {
		String command = null;
		List<String> arguments = new ArrayList<>();
		Map<String, List<String>> options = new LinkedHashMap<>();
		boolean onlyArguments = false;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (onlyArguments || !isOption(arg)) {
				if (command == null) {
					command = arg;
				}
				else {
					arguments.add(arg);
				}
				continue;
			}
			if (arg.equals("--")) {
				onlyArguments = true;
				continue;
			}
			String name = arg;
			String value = null;
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 0) {
				name = arg.substring(0, equals);
				value = arg.substring(equals + 1);
			}
			Option option = option(name);
			if (option != null) {
				name = option.name();
			}
			if (option != null && option.takesValue()) {
				if (value == null) {
					if (i + 1 >= args.length) {
						throw new UsageException(command, name + " needs a value");
					}
					value = args[++i];
				}
			}
			else if (value != null) {
				throw new UsageException(command, name + " takes no value");
			}
			options.computeIfAbsent(name, key -> new ArrayList<>()).add(value == null ? "" : value);
		}
		CommandLine line = new CommandLine(command, List.copyOf(arguments), options);
		line.validate();
		return line;
	}

	/** Options start with a dash; "-1" is an argument (downgrade -1), "-" is too. */
	private static boolean isOption(String arg) {
		return arg.startsWith("-") && arg.length() > 1 && !arg.matches("-\\d+");
	}

	/** The option a name or its short form stands for, or null. */
	private static Option option(String name) {
		return OPTIONS.stream()
			.filter(option -> option.name().equals(name) || name.equals(option.shortName()))
			.findFirst()
			.orElse(null);
	}

	/** A command of the registry, or {@code help}. */
	private static boolean known(String command) {
		return HELP_COMMAND.equals(command) || Commands.named(command).isPresent();
	}

	/** The options {@code command} takes: every command's, and its own. */
	private static Set<Option> accepted(Command command) {
		Set<Option> accepted = new LinkedHashSet<>(EVERYWHERE);
		if (command != null) {
			accepted.addAll(command.options());
		}
		return accepted;
	}

	private void validate() {
		if (command != null && !known(command)) {
			throw new UsageException(null,
					"unknown command '" + command + "' (commands: " + String.join(", ", Commands.names()) + ")");
		}
		Command registered = command == null ? null : Commands.named(command).orElse(null);
		for (String name : options.keySet()) {
			Option option = option(name);
			if (option == null) {
				throw new UsageException(command, "unknown option " + name);
			}
			if (command != null && !accepted(registered).contains(option)) {
				throw new UsageException(command, "takes no " + name + " option");
			}
		}
		if (help() || command == null) {
			return;
		}
		int max = registered.maxArguments();
		if (arguments.size() > max) {
			throw new UsageException(command, "unexpected argument '" + arguments.get(max) + "'");
		}
		registered.validate(this);
		for (Option single : OPTIONS) {
			if (single.once() && all(single).size() > 1) {
				throw new UsageException(command, single.name() + " given more than once");
			}
		}
	}

	/** The registered command this line runs; null for help and for none. */
	Command runs() {
		return help() || command == null ? null : Commands.named(command).orElseThrow();
	}

	/**
	 * A version as given (2, 1.1 or 1_1), or a usage error naming this line's command.
	 */
	MigrationVersion version(String value) {
		if (!value.matches(VERSION)) {
			throw new UsageException(command, "'" + value + "' is not a version");
		}
		return MigrationVersion.fromVersion(value.replace('_', '.'));
	}

	boolean has(Option option) {
		return options.containsKey(option.name());
	}

	List<String> all(Option option) {
		return options.getOrDefault(option.name(), List.of());
	}

	String value(Option option) {
		List<String> values = all(option);
		return values.isEmpty() ? null : values.get(values.size() - 1);
	}

	boolean help() {
		return has(HELP) || HELP_COMMAND.equals(command);
	}

	boolean verbose() {
		return has(VERBOSE);
	}

	String message() {
		String message = value(MESSAGE);
		return message == null ? "" : message;
	}

	/**
	 * The command the help is about: {@code db upgrade --help} and
	 * {@code db help upgrade}.
	 */
	String helpTopic() {
		if (HELP_COMMAND.equals(command)) {
			return arguments.isEmpty() ? null : arguments.get(0);
		}
		return command;
	}

	String argument() {
		return arguments.isEmpty() ? null : arguments.get(0);
	}

	/**
	 * Refuses a target version ({@link #argument()}) of the wrong shape for
	 * {@code command}, and a missing one where it is {@code required}; {@code shape} is a
	 * regular expression, {@code what} says it in words ("-N, a version or base").
	 */
	void checkTarget(String command, boolean required, String shape, String what) {
		String target = argument();
		if (target == null) {
			if (required) {
				throw new UsageException(command, "needs a target version (" + what + ")");
			}
			return;
		}
		if (!target.matches(shape)) {
			throw new UsageException(command, "takes " + what + " (not " + target + ")");
		}
	}

	/**
	 * An option: {@code --name}, maybe a short {@code -n}; with a value (given once, or
	 * repeatable) or a flag.
	 */
	record Option(String name, String shortName, boolean takesValue, boolean once) {

		static Option flag(String name) {
			return new Option(name, null, false, false);
		}

		static Option once(String name) {
			return new Option(name, null, true, true);
		}

		static Option repeatable(String name) {
			return new Option(name, null, true, false);
		}

		Option shortly(String shortName) {
			return new Option(name, shortName, takesValue, once);
		}

		@Override
		public String toString() {
			return name;
		}

	}

	/** A mistake in the command line: exit code 2. */
	static final class UsageException extends RuntimeException {

		private final String command;

		UsageException(String command, String message) {
			super(message);
			this.command = command;
		}

		/** "db upgrade: " when the command is known, else "db: ". */
		String prefix() {
			return command == null || !known(command) ? "db: " : "db " + command + ": ";
		}

		String helpHint() {
			return command == null || !known(command) || command.equals(HELP_COMMAND) ? "Try 'db --help'."
					: "Try 'db " + command + " --help'.";
		}

	}

}
