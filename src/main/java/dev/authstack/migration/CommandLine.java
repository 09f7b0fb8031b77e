package dev.authstack.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parsed arguments of one {@code db} invocation: a command, its arguments and options. */
record CommandLine(String command, List<String> arguments, Map<String, List<String>> options) {

	static final String SQL = "--sql";

	static final String LOCATION = "--location";

	static final String MESSAGE = "--message";

	static final String AUTOGENERATE = "--autogenerate";

	static final String DIR = "--dir";

	static final String MODEL_PACKAGE = "--model-package";

	static final String REV_ID = "--rev-id";

	static final String HELP = "--help";

	static final String VERBOSE = "--verbose";

	private static final Map<String, String> SHORT = Map.of("-m", MESSAGE, "-h", HELP, "-v", VERBOSE);

	private static final Set<String> WITH_VALUE = Set.of(MESSAGE, DIR, LOCATION, MODEL_PACKAGE, REV_ID);

	private static final Set<String> EVERYWHERE = Set.of(HELP, VERBOSE, LOCATION);

	/** The options each command takes besides --help, --verbose and --location. */
	private static final Map<String, Set<String>> OPTIONS = Map.of(
			"upgrade", Set.of(SQL),
			"downgrade", Set.of(SQL),
			"current", Set.of(),
			"history", Set.of(),
			"stamp", Set.of(),
			"revision", Set.of(MESSAGE, AUTOGENERATE, DIR, MODEL_PACKAGE, REV_ID),
			"check", Set.of(MODEL_PACKAGE),
			"help", Set.of());

	static final List<String> COMMANDS = List.of("upgrade", "downgrade", "current", "history", "stamp", "revision",
			"check");

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
			name = SHORT.getOrDefault(name, name);
			if (WITH_VALUE.contains(name)) {
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

	private void validate() {
		if (command != null && !OPTIONS.containsKey(command)) {
			throw new UsageException(null, "unknown command '" + command + "' (commands: "
					+ String.join(", ", COMMANDS) + ")");
		}
		for (String option : options.keySet()) {
			boolean known = WITH_VALUE.contains(option) || EVERYWHERE.contains(option)
					|| OPTIONS.values().stream().anyMatch(set -> set.contains(option));
			if (!known) {
				throw new UsageException(command, "unknown option " + option);
			}
			if (command != null && !EVERYWHERE.contains(option) && !OPTIONS.get(command).contains(option)) {
				throw new UsageException(command, "takes no " + option + " option");
			}
		}
		if (help() || command == null) {
			return;
		}
		int max = switch (command) {
			case "upgrade", "downgrade", "stamp", "help" -> 1;
			default -> 0;
		};
		if (arguments.size() > max) {
			throw new UsageException(command, "unexpected argument '" + arguments.get(max) + "'");
		}
		if ((command.equals("downgrade") || command.equals("stamp")) && arguments.isEmpty()) {
			throw new UsageException(command, "needs a target version"
					+ (command.equals("downgrade") ? " (-N, a version or base)" : " (a version, head or base)"));
		}
		String target = argument();
		String version = "\\d+([._]\\d+)*";
		if (target != null && command.equals("upgrade") && !target.matches("head|\\+\\d+|" + version)) {
			throw new UsageException(command, "takes head, +N or a version (not " + target + ")");
		}
		if (target != null && command.equals("downgrade") && !target.matches("base|-\\d+|" + version)) {
			throw new UsageException(command, "takes -N, a version or base (not " + target + ")");
		}
		if (target != null && command.equals("stamp") && !target.matches("head|base|" + version)) {
			throw new UsageException(command, "takes a version, head or base (not " + target + ")");
		}
		if (command.equals("revision") && message().isBlank()) {
			throw new UsageException(command, "needs a message: -m \"what it changes\"");
		}
		if (has(REV_ID) && !value(REV_ID).matches("[1-9]\\d{0,8}")) {
			throw new UsageException(command, "--rev-id takes a whole version number, such as 7");
		}
		for (String single : List.of(MESSAGE, DIR, REV_ID)) {
			if (options.getOrDefault(single, List.of()).size() > 1) {
				throw new UsageException(command, single + " given more than once");
			}
		}
	}

	boolean has(String option) {
		return options.containsKey(option);
	}

	List<String> all(String option) {
		return options.getOrDefault(option, List.of());
	}

	String value(String option) {
		List<String> values = all(option);
		return values.isEmpty() ? null : values.get(values.size() - 1);
	}

	boolean help() {
		return has(HELP) || "help".equals(command);
	}

	boolean verbose() {
		return has(VERBOSE);
	}

	String message() {
		String message = value(MESSAGE);
		return message == null ? "" : message;
	}

	/** The command the help is about: {@code db upgrade --help} and {@code db help upgrade}. */
	String helpTopic() {
		if ("help".equals(command)) {
			return arguments.isEmpty() ? null : arguments.get(0);
		}
		return command;
	}

	String argument() {
		return arguments.isEmpty() ? null : arguments.get(0);
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
			return command == null || !OPTIONS.containsKey(command) ? "db: " : "db " + command + ": ";
		}

		String helpHint() {
			return command == null || !OPTIONS.containsKey(command) || command.equals("help") ? "Try 'db --help'."
					: "Try 'db " + command + " --help'.";
		}

	}

}
