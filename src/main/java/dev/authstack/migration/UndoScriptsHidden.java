package dev.authstack.migration;

import java.util.Collection;
import java.util.regex.Pattern;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.scanner.Scanner;

/**
 * Flyway's own scan of the locations, less the {@code U{n}__*.sql} undo scripts. The free
 * Flyway has no undo: it took them for misnamed migrations and said so at every start ("4
 * SQL migrations were detected but not run because they did not follow the filename
 * convention"). They are {@code db downgrade}'s ({@link MigrationScripts} reads them
 * itself); a really misnamed script is still reported.
 */
final class UndoScriptsHidden implements ResourceProvider {

	private static final Pattern UNDO = Pattern.compile("U\\d+(?:[._]\\d+)*__.*\\.sql");

	private final ResourceProvider scanner;

	private UndoScriptsHidden(ResourceProvider scanner) {
		this.scanner = scanner;
	}

	/** Sets the provider on a configuration whose locations are final. */
	static FluentConfiguration applyTo(FluentConfiguration configuration) {
		return configuration.resourceProvider(
				new UndoScriptsHidden(new Scanner<>(JavaMigration.class, configuration, configuration.getLocations())));
	}

	static boolean isUndoScript(String filename) {
		return UNDO.matcher(filename).matches();
	}

	@Override
	public LoadableResource getResource(String name) {
		LoadableResource resource = scanner.getResource(name);
		return resource == null || isUndoScript(resource.getFilename()) ? null : resource;
	}

	@Override
	public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
		return scanner.getResources(prefix, suffixes)
			.stream()
			.filter(resource -> !isUndoScript(resource.getFilename()))
			.toList();
	}

}
