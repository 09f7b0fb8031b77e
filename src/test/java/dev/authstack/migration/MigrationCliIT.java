package dev.authstack.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.authstack.migration.flyway.HistoryTable;
import dev.authstack.migration.flyway.MigrationScripts;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The db command line against real PostgreSQL databases, through the entry point main
 * uses.
 */
@ExtendWith(PostgresExtension.class)
class MigrationCliIT {

	private final int head = Db.headNumber();

	@Test
	void upgradeDowngradeAndUpgradeAgainEachMatchAFreshSchema() {
		Db reference = Db.fresh("reference");
		String empty = Catalog.dump(reference.url());
		reference.ok("upgrade", "head");
		String atHead = Catalog.dump(reference.url());
		assertThat(atHead).contains("column | accounts | country");

		Db db = Db.fresh("roundtrip");
		Db.Result upgrade = db.ok("upgrade", "head");
		assertThat(upgrade.out()).contains("Running upgrade base -> 1, create initial tables")
			.contains("Running upgrade 1 -> 2, create a column country")
			.contains("the database is at " + head + " (head)");
		assertThat(Catalog.dump(db.url())).isEqualTo(atHead);

		Db.Result downgrade = db.ok("downgrade", "base");
		assertThat(downgrade.out()).contains("Running downgrade 1 -> base, create initial tables")
			.contains("the database is at base");
		assertThat(Catalog.dump(db.url())).isEqualTo(empty);
		assertThat(Catalog.history(db.url())).isEmpty();

		db.ok("upgrade", "head");
		assertThat(Catalog.dump(db.url())).isEqualTo(atHead);
		assertThat(Catalog.history(db.url())).containsExactlyElementsOf(versions(1, head));
	}

	@Test
	void everyIntermediateVersionMatchesAFreshUpgradeToIt() {
		Db db = Db.fresh("steps");
		db.ok("upgrade", "head");
		List<Integer> below = Db.versionNumbers().stream().filter(version -> version < head).toList();
		for (int i = below.size() - 1; i >= 0; i--) {
			int version = below.get(i);
			db.ok("downgrade", "-1");
			Db fresh = Db.fresh("step" + version);
			fresh.ok("upgrade", Integer.toString(version));
			assertThat(Catalog.dump(db.url())).as("after downgrading to %d", version)
				.isEqualTo(Catalog.dump(fresh.url()));
		}
	}

	@Test
	void downgradeOneFromVersionTwoDropsCountryAndUpgradeAddsItBack() {
		Db db = Db.fresh("country");
		db.ok("upgrade", "2");
		assertThat(Catalog.columnsOf(db.url(), "accounts")).contains("country");
		assertThat(db.ok("current").out()).startsWith("2 create a column country");

		Db.Result downgrade = db.ok("downgrade", "-1");
		assertThat(downgrade.out()).contains("Running downgrade 2 -> 1, create a column country");
		assertThat(Catalog.columnsOf(db.url(), "accounts")).doesNotContain("country").contains("username");
		assertThat(Catalog.history(db.url())).containsExactly("1");

		db.ok("upgrade", "+1");
		assertThat(Catalog.columnsOf(db.url(), "accounts")).contains("country");
		assertThat(Catalog.history(db.url())).containsExactly("1", "2");
	}

	@Test
	void concurrentUpgradesOnAnEmptyDatabaseTakeTurnsAndAllEndAtHead() throws Exception {
		Db db = Db.fresh("concurrent");
		int processes = 3;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(processes);
		try {
			List<Future<Db.Result>> results = new ArrayList<>();
			for (int i = 0; i < processes; i++) {
				Callable<Db.Result> upgrade = () -> {
					start.await();
					return db.run("upgrade", "head");
				};
				results.add(pool.submit(upgrade));
			}
			start.countDown();
			for (Future<Db.Result> result : results) {
				Db.Result done = result.get();
				assertThat(done.exit()).as(done.toString()).isZero();
				assertThat(done.out()).contains("the database is at " + head + " (head)");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(Catalog.history(db.url())).containsExactlyElementsOf(versions(1, head));
		assertThat(db.ok("current").out()).startsWith(head + " (head)");
	}

	@Test
	void sqlOptionPrintsTheScriptsAndChangesNothing() {
		Db db = Db.fresh("sqlonly");
		String empty = Catalog.dump(db.url());
		Db.Result upgrade = db.ok("upgrade", "head", "--sql");
		assertThat(upgrade.out()).contains("CREATE TABLE accounts")
			.contains("ALTER TABLE accounts ADD COLUMN country varchar(128);")
			.contains("INSERT INTO public.flyway_schema_history")
			.contains("does not exist yet");
		assertThat(Catalog.dump(db.url())).isEqualTo(empty);
		assertThat(Catalog.tableExists(db.url(), "flyway_schema_history")).isFalse();

		db.ok("upgrade", "head");
		String atHead = Catalog.dump(db.url());
		Db.Result downgrade = db.ok("downgrade", "base", "--sql");
		assertThat(downgrade.out()).contains("ALTER TABLE accounts DROP COLUMN country;")
			.contains("DROP TABLE accounts;")
			.contains("DELETE FROM public.flyway_schema_history WHERE version = '1';");
		assertThat(downgrade.out().indexOf("DROP COLUMN country"))
			.isLessThan(downgrade.out().indexOf("DROP TABLE accounts"));
		assertThat(Catalog.dump(db.url())).isEqualTo(atHead);
		assertThat(Catalog.history(db.url())).containsExactlyElementsOf(versions(1, head));
	}

	@Test
	void stampRecordsAVersionWithoutRunningItsScripts() throws IOException {
		Db db = Db.fresh("stamp");
		// tables made another way: the first two scripts run by hand
		for (int version = 1; version <= 2; version++) {
			Catalog.execute(db.url(), script('V', version));
		}
		Db.Result refused = db.run("upgrade", "head");
		assertThat(refused.exit()).isEqualTo(1);
		assertThat(refused.err()).contains("no schema history table").contains("db stamp VERSION");

		Db.Result stamp = db.ok("stamp", "2");
		assertThat(stamp.out()).contains("Stamped 2");
		assertThat(Catalog.history(db.url())).containsExactly("1", "2");
		assertThat(Catalog.column(db.url(), "SELECT installed_by FROM flyway_schema_history"))
			.allSatisfy(by -> assertThat(by).endsWith("(stamp)"));
		assertThat(db.ok("history").out()).contains("(stamp)");

		// Flyway validates the stamped rows (checksums) and runs only what follows
		Db.Result upgrade = db.ok("upgrade", "head");
		assertThat(upgrade.out()).doesNotContain("-> 1,").doesNotContain("-> 2,").contains("Running upgrade 2 -> 3");
		assertThat(Catalog.history(db.url())).containsExactlyElementsOf(versions(1, head));

		// down: rows above the version go, nothing is undone
		db.ok("stamp", "1");
		assertThat(Catalog.history(db.url())).containsExactly("1");
		assertThat(Catalog.columnsOf(db.url(), "accounts")).contains("country", "roles");
		db.ok("stamp", "base");
		assertThat(Catalog.history(db.url())).isEmpty();
		assertThat(Catalog.tableExists(db.url(), "accounts")).isTrue();
	}

	@Test
	void aFailingMigrationLeavesTheLastGoodVersionWithAClearError(@TempDir Path dir) throws IOException {
		Db db = Db.fresh("broken");
		db.ok("upgrade", "head");
		int broken = head + 1;
		Files.writeString(dir.resolve("V" + broken + "__broken.sql"), """
				CREATE TABLE half_done (id int);
				ALTER TABLE accounts ADD COLUMN half_done int;
				SELECT * FROM no_such_table;
				""");
		Db.Result result = db.run("upgrade", "head", "--location", dir.toString());
		assertThat(result.exit()).as(result.toString()).isEqualTo(1);
		assertThat(result.err()).contains("V" + broken + "__broken.sql")
			.contains("no_such_table")
			.contains("rolled back")
			.contains("the database is still at version " + head + " (");
		assertThat(Catalog.tableExists(db.url(), "half_done")).isFalse();
		assertThat(Catalog.columnsOf(db.url(), "accounts")).doesNotContain("half_done");
		assertThat(Catalog.history(db.url())).containsExactlyElementsOf(versions(1, head));
		assertThat(db.ok("current").out()).startsWith(head + " (head)");
	}

	@Test
	void aFailingMigrationsErrorNamesTheScriptLineAndStatement(@TempDir Path dir) throws IOException {
		Db db = Db.fresh("broken_statement");
		db.ok("upgrade", "head");
		int broken = head + 1;
		// PostgreSQL's own message ("division by zero") names neither the statement nor
		// the line
		Files.writeString(dir.resolve("V" + broken + "__divides.sql"), """
				CREATE TABLE fine (id int);

				UPDATE accounts
				   SET country = 'x'
				 WHERE id = 1 / 0;
				""");
		Db.Result result = db.run("upgrade", "head", "--location", dir.toString());
		assertThat(result.exit()).as(result.toString()).isEqualTo(1);
		assertThat(result.err()).as(result.toString())
			.contains("V" + broken + "__divides.sql")
			.contains("division by zero")
			.contains("line 3")
			.contains("UPDATE accounts")
			.contains("WHERE id = 1 / 0")
			.doesNotContain("\tat ");
	}

	@Test
	void anAppliedScriptThatChangedStopsTheUpgrade(@TempDir Path dir) throws IOException {
		Db db = Db.fresh("changed");
		int next = head + 1;
		Path script = dir.resolve("V" + next + "__edited_later.sql");
		Files.writeString(script, "CREATE TABLE edited_later (id int);\n");
		db.ok("upgrade", "head", "--location", dir.toString());
		Files.writeString(script, "CREATE TABLE edited_later (id bigint);\n");
		Files.writeString(dir.resolve("V" + (next + 1) + "__after.sql"), "CREATE TABLE after_edit (id int);\n");

		Db.Result result = db.run("upgrade", "head", "--location", dir.toString());
		assertThat(result.exit()).isEqualTo(1);
		assertThat(result.err()).contains("checksum mismatch").contains("Nothing was run");
		assertThat(Catalog.tableExists(db.url(), "after_edit")).isFalse();
	}

	@Test
	void downgradeRefusesWhenAnUndoScriptIsMissing(@TempDir Path dir) throws IOException {
		Db db = Db.fresh("noundo");
		int next = head + 1;
		Files.writeString(dir.resolve("V" + next + "__no_way_back.sql"), "CREATE TABLE no_way_back (id int);\n");
		db.ok("upgrade", "head", "--location", dir.toString());
		String before = Catalog.dump(db.url());

		Db.Result result = db.run("downgrade", "base", "--location", dir.toString());
		assertThat(result.exit()).isEqualTo(1);
		assertThat(result.err()).contains("Refusing to downgrade").contains("U" + next + "__*.sql");
		assertThat(Catalog.dump(db.url())).isEqualTo(before);
		assertThat(Catalog.history(db.url())).hasSize(Db.versionNumbers().size() + 1);
	}

	@Test
	void downgradeAndStampTakeFlywaysOwnLock(@TempDir Path dir) throws IOException {
		// a migration that records the advisory locks its own session holds while Flyway
		// runs it
		Db db = Db.fresh("lock");
		int next = head + 1;
		Files.writeString(dir.resolve("V" + next + "__record_locks.sql"), """
				CREATE TABLE seen_locks AS
				SELECT (classid::bigint << 32) | objid::bigint AS lock_key
				FROM pg_locks WHERE locktype = 'advisory'
				  AND database = (SELECT oid FROM pg_database WHERE datname = current_database());
				""");
		db.ok("upgrade", "head", "--location", dir.toString());
		assertThat(Catalog.column(db.url(), "SELECT lock_key FROM seen_locks"))
			.contains(Long.toString(HistoryTable.lockKey("public", MigrationSettings.TABLE)));
	}

	@Test
	void revisionCreatesNumberedScriptsAndRefusesToOverwrite(@TempDir Path dir) throws IOException {
		Db db = Db.fresh("revision");
		int next = head + 1;
		Db.Result created = db.ok("revision", "-m", "add things", "--dir", dir.toString());
		Path up = dir.resolve("V" + next + "__add_things.sql");
		Path undo = dir.resolve("U" + next + "__add_things.sql");
		assertThat(up).exists();
		assertThat(undo).exists();
		assertThat(Files.readString(up)).startsWith("-- add things");
		assertThat(created.out()).contains(up.toString()).contains(undo.toString());

		Files.writeString(up, "CREATE TABLE things (id int);\n");
		Db.Result again = db.run("revision", "-m", "add things", "--dir", dir.toString(), "--location", dir.toString());
		assertThat(again.exit()).isZero();
		assertThat(dir.resolve("V" + (next + 1) + "__add_things.sql")).exists();

		// a version that has scripts already: refuse, touch nothing
		Db.Result refused = db.run("revision", "-m", "add other things", "--dir", dir.toString(), "--rev-id",
				Integer.toString(next));
		assertThat(refused.exit()).isEqualTo(1);
		assertThat(refused.err()).contains("Refusing to overwrite").contains("V" + next + "__add_things.sql");
		assertThat(Files.readString(up)).isEqualTo("CREATE TABLE things (id int);\n");
		assertThat(dir.resolve("V" + next + "__add_other_things.sql")).doesNotExist();
		assertThat(dir.resolve("U" + next + "__add_other_things.sql")).doesNotExist();
	}

	@Test
	void currentAndHistoryShowAppliedAndPendingMigrations() {
		Db db = Db.fresh("history");
		assertThat(db.ok("current").out()).startsWith("base");
		db.ok("upgrade", "1");
		assertThat(db.ok("current").out()).startsWith("1 create initial tables").contains("pending");
		String history = db.ok("history").out();
		assertThat(history).contains("installed on", "installed by", "checksum", "undo")
			.containsPattern("1 \\(current\\)\\s+create initial tables\\s+success\\s+\\d{4}-\\d\\d-\\d\\d")
			.containsPattern("2\\s+create a column country\\s+pending")
			.contains("U2__create_a_column_country.sql");
	}

	@Test
	void mistakesAreUsageErrors() {
		Db db = Db.on("jdbc:postgresql://127.0.0.1:1/none");
		assertThat(db.run().exit()).isEqualTo(2);
		assertThat(db.run("upgrayedd").exit()).isEqualTo(2);
		assertThat(db.run("downgrade").exit()).isEqualTo(2);
		assertThat(db.run("revision").exit()).isEqualTo(2);
		assertThat(db.run("current", "--sql").exit()).isEqualTo(2);
		assertThat(db.run("upgrade", "sideways").exit()).isEqualTo(2);
		Db.Result help = db.run("--help");
		assertThat(help.exit()).isZero();
		assertThat(help.out()).contains("upgrade", "downgrade", "current", "history", "stamp", "revision", "check",
				"Exit codes");
		assertThat(db.ok("downgrade", "--help").out()).contains("U{n}__*.sql");
		assertThat(db.ok("help", "revision").out()).contains("lower(username)");
	}

	@Test
	void errorsNeverShowThePassword(@TempDir Path dir) throws IOException {
		Path secret = dir.resolve("password");
		Files.writeString(secret, "pa55-w0rd-xyz\n", StandardCharsets.UTF_8);
		Db db = Db.withEnv(java.util.Map.of("AUTH_DB_URL",
				"jdbc:postgresql://127.0.0.1:" + PostgresServer.port() + "/no_such_db?password=pa55-w0rd-xyz",
				"AUTH_DB_USERNAME", "nobody", "AUTH_DB_PASSWORD_FILE", secret.toString()));
		Db.Result result = db.run("current", "-v");
		assertThat(result.exit()).isEqualTo(1);
		assertThat(result.err()).contains("db current: error:").doesNotContain("pa55-w0rd-xyz");
		assertThat(result.out()).doesNotContain("pa55-w0rd-xyz");
	}

	private static String script(char prefix, int version) throws IOException {
		MigrationScripts scripts = MigrationScripts.scan(List.of(MigrationSettings.LOCATION),
				MigrationCliIT.class.getClassLoader());
		org.flywaydb.core.api.MigrationVersion wanted = org.flywaydb.core.api.MigrationVersion
			.fromVersion(Integer.toString(version));
		return (prefix == 'V' ? scripts.upgrade(wanted) : scripts.undo(wanted)).orElseThrow().content();
	}

	/**
	 * The versions from..to that have a script (numbers may be taken by other branches'
	 * scripts).
	 */
	private static List<String> versions(int from, int to) {
		return Db.versionNumbers().stream().filter(v -> v >= from && v <= to).map(String::valueOf).toList();
	}

}
