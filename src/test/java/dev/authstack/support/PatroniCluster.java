package dev.authstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real PostgreSQL cluster under Patroni (Debian's patroni and postgresql packages) on
 * loopback: N nodes, synchronous replication on ({@code synchronous_mode}: a commit
 * returns once the synchronous standby has it, and only that standby may be promoted),
 * the leader lock in {@link EtcdServer}. Patroni and PostgreSQL run as the
 * {@code postgres} user, which PostgreSQL demands. The timings are short so that a test
 * sees a failover in seconds: the leader key lives {@code ttl} seconds after its holder
 * stops renewing it, and every node looks once a second.
 * <p>
 * {@link #crash(Node)} kills a node like a power cut: Patroni and its PostgreSQL (whose
 * postmaster Patroni detaches, so it is not Patroni's child) with every backend, SIGKILL.
 */
public final class PatroniCluster implements AutoCloseable {

	public static final String SCOPE = "authstack-it";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<Node> nodes;

	private final String superuserPassword;

	private final Path directory;

	private PatroniCluster(List<Node> nodes, String superuserPassword, Path directory) {
		this.nodes = nodes;
		this.superuserPassword = superuserPassword;
		this.directory = directory;
	}

	/**
	 * Starts {@code size} nodes: the first bootstraps the cluster, the others clone it
	 * once it leads. Returns when one leads and every other streams from it, one of them
	 * synchronously.
	 */
	public static PatroniCluster start(EtcdServer etcd, int size, int ttlSeconds) {
		Path patroni = Processes.binary("/usr/bin/patroni", "patroni");
		Path binDir = postgresBinDir();
		Path dir = Processes.directory("it-patroni-", "postgres");
		String superuser = secret();
		String replication = secret();
		List<Node> nodes = new ArrayList<>();
		PatroniCluster cluster = new PatroniCluster(nodes, superuser, dir);
		try {
			for (int i = 1; i <= size; i++) {
				Node node = new Node("pg" + i, dir.resolve("pg" + i), Processes.freePort(), Processes.freePort());
				nodes.add(node);
				node.configure(patroni, binDir, etcd, ttlSeconds, superuser, replication);
				node.start();
				if (i == 1) {
					Processes.await("Patroni bootstrapping pg1 (see " + node.log() + ")", Duration.ofSeconds(60),
							() -> node.alive() && Processes.httpGet(node.restUrl() + "/primary").status() == 200);
				}
			}
			cluster.awaitHealthy(Duration.ofSeconds(90));
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * Waits until a leader runs and every live node streams from it, one as synchronous
	 * standby.
	 */
	public void awaitHealthy(Duration timeout) {
		Processes.await("Patroni cluster healthy (one leader, the other live nodes streaming, a sync standby; "
				+ "logs in " + directory + ")", timeout, () -> {
					List<Member> members = members();
					long live = nodes.stream().filter(Node::alive).count();
					long leaders = members.stream().filter(m -> m.role().equals("leader") && m.running()).count();
					long standbys = members.stream()
						.filter(m -> (m.role().equals("replica") || m.role().equals("sync_standby")) && m.running())
						.count();
					boolean sync = live < 2 || members.stream().anyMatch(m -> m.role().equals("sync_standby"));
					return leaders == 1 && leaders + standbys == live && sync;
				});
	}

	/**
	 * What Patroni's REST API says of the cluster, asked of the first live node that
	 * answers.
	 */
	public List<Member> members() {
		for (Node node : nodes) {
			if (!node.alive()) {
				continue;
			}
			Processes.HttpResult result = Processes.httpGet(node.restUrl() + "/cluster");
			if (result.status() == 200) {
				List<Member> members = new ArrayList<>();
				for (JsonNode member : json.readTree(result.body()).get("members")) {
					members.add(new Member(member.get("name").asString(), member.get("role").asString(),
							member.get("state").asString(), member.path("timeline").asInt(0)));
				}
				return members;
			}
		}
		return List.of();
	}

	/** The node Patroni's REST API calls primary now (200 on /primary), if any. */
	public Optional<Node> primary() {
		return nodes.stream()
			.filter(Node::alive)
			.filter(node -> Processes.httpGet(node.restUrl() + "/primary").status() == 200)
			.findFirst();
	}

	public Node leader() {
		return primary().orElseThrow(() -> new IllegalStateException("no primary in " + members()));
	}

	public Optional<Node> node(String name) {
		return nodes.stream().filter(node -> node.name().equals(name)).findFirst();
	}

	public List<Node> nodes() {
		return List.copyOf(nodes);
	}

	/** Kills a node like a power cut. */
	public void crash(Node node) {
		node.crash();
	}

	/** Every node's address, for a JDBC URL that finds the primary by itself. */
	public String hosts() {
		return nodes.stream().map(node -> "127.0.0.1:" + node.pgPort()).collect(Collectors.joining(","));
	}

	/** The multi-host JDBC URL the service is given: the primary, wherever it is. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + hosts() + "/" + database + "?targetServerType=primary";
	}

	/** A superuser connection to the current primary. */
	public Connection superuser(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), "postgres", superuserPassword);
	}

	/**
	 * Runs an SQL file with psql as superuser on the primary, {@code variables} as psql's
	 * -v: how config/postgres_init.sql is meant to be run.
	 */
	public void psql(Path file, Map<String, String> variables) {
		Node leader = leader();
		List<String> command = new ArrayList<>(List.of(postgresBinDir().resolve("psql").toString(), "-X", "-q", "-h",
				"127.0.0.1", "-p", Integer.toString(leader.pgPort()), "-U", "postgres", "-d", "postgres"));
		variables.forEach((name, value) -> command.addAll(List.of("-v", name + "=" + value)));
		command.addAll(List.of("-f", file.toAbsolutePath().toString()));
		Processes.run(command, Map.of("PGPASSWORD", superuserPassword, "PGCONNECT_TIMEOUT", "5"));
	}

	public Path directory() {
		return directory;
	}

	@Override
	public void close() {
		for (Node node : nodes) {
			node.crash();
			// the data directories are the bulk; the logs stay for a look after the run
			Processes.discard(node.dir.resolve("data"));
		}
	}

	/**
	 * PostgreSQL's programs: POSTGRES_BIN_DIR, else the newest Debian installs under
	 * /usr/lib/postgresql (Patroni needs initdb, pg_ctl, pg_basebackup and pg_rewind
	 * beside postgres).
	 */
	static Path postgresBinDir() {
		String configured = System.getenv("POSTGRES_BIN_DIR");
		if (configured != null && !configured.isBlank()) {
			return Processes.binary(Path.of(configured, "pg_rewind").toString(), "postgresql").getParent();
		}
		try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			return versions.map(version -> version.resolve("bin"))
				.filter(bin -> Files.isExecutable(bin.resolve("postgres"))
						&& Files.isExecutable(bin.resolve("pg_rewind")))
				.max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
				.orElseThrow();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("No PostgreSQL server programs under /usr/lib/postgresql/<version>/bin: "
					+ "install Debian's postgresql (scripts/test does this when run as root) or set POSTGRES_BIN_DIR");
		}
	}

	private static String secret() {
		byte[] bytes = new byte[12];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/** One member as Patroni reports it. */
	public record Member(String name, String role, String state, int timeline) {

		boolean running() {
			return state.equals("running") || state.equals("streaming");
		}

	}

	/** One PostgreSQL node and the Patroni that manages it. */
	public static final class Node {

		private final String name;

		private final Path dir;

		private final int pgPort;

		private final int restPort;

		private List<String> command;

		private volatile Process patroni;

		Node(String name, Path dir, int pgPort, int restPort) {
			this.name = name;
			this.dir = dir;
			this.pgPort = pgPort;
			this.restPort = restPort;
		}

		public String name() {
			return name;
		}

		public int pgPort() {
			return pgPort;
		}

		public String restUrl() {
			return "http://127.0.0.1:" + restPort;
		}

		Path log() {
			return dir.resolve("patroni.log");
		}

		boolean alive() {
			return patroni != null && patroni.isAlive();
		}

		void configure(Path patroniBinary, Path binDir, EtcdServer etcd, int ttl, String superuser,
				String replication) {
			// loop_wait + 2 * retry_timeout <= ttl, as Patroni asks
			int retry = Math.max(1, (ttl - 1) / 2);
			String config = """
					scope: %s
					namespace: /authstack-it/
					name: %s
					log:
					  level: INFO
					restapi:
					  listen: 127.0.0.1:%d
					  connect_address: 127.0.0.1:%d
					etcd3:
					  hosts: %s
					bootstrap:
					  dcs:
					    ttl: %d
					    loop_wait: 1
					    retry_timeout: %d
					    maximum_lag_on_failover: 1048576
					    synchronous_mode: true
					    postgresql:
					      use_pg_rewind: true
					      parameters:
					        max_connections: 100
					        wal_log_hints: 'on'
					  initdb:
					    - encoding: UTF8
					    - data-checksums
					postgresql:
					  listen: 127.0.0.1:%d
					  connect_address: 127.0.0.1:%d
					  data_dir: %s
					  bin_dir: %s
					  pgpass: %s
					  authentication:
					    superuser: {username: postgres, password: '%s'}
					    replication: {username: replicator, password: '%s'}
					  parameters:
					    # TCP only: a socket path under a deep build directory can pass the 107-byte limit
					    unix_socket_directories: ''
					  pg_hba:
					    - host replication replicator 127.0.0.1/32 scram-sha-256
					    - host all all 127.0.0.1/32 scram-sha-256
					""".formatted(SCOPE, name, restPort, restPort, etcd.endpoint(), ttl, retry, pgPort, pgPort,
					dir.resolve("data"), binDir, dir.resolve("pgpass"), superuser, replication);
			try {
				Files.createDirectories(dir);
				Files.writeString(dir.resolve("patroni.yml"), config);
				Processes.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), Map.of());
				Processes.run(List.of("chmod", "0700", dir.toString()), Map.of());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			command = Processes.asUser("postgres",
					List.of(patroniBinary.toString(), dir.resolve("patroni.yml").toString()));
		}

		void start() {
			patroni = Processes.start(command, Map.of("HOME", dir.toString()), log());
		}

		/** The postmaster's PID from its lock file, if it runs. */
		Optional<Long> postmaster() {
			try {
				Path pidFile = dir.resolve("data/postmaster.pid");
				if (!Files.exists(pidFile)) {
					return Optional.empty();
				}
				return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
			}
			catch (IOException | RuntimeException ex) {
				return Optional.empty();
			}
		}

		void crash() {
			Optional<Long> postmaster = postmaster();
			if (patroni != null) {
				Processes.killTree(patroni.pid());
			}
			// a stale lock file may name a PID that is no longer PostgreSQL's
			postmaster
				.filter(pid -> ProcessHandle.of(pid)
					.flatMap(handle -> handle.info().command())
					.map(command -> command.endsWith("/postgres"))
					.orElse(false))
				.ifPresent(Processes::killTree);
		}

		@Override
		public String toString() {
			return name + " (postgres 127.0.0.1:" + pgPort + ", patroni " + restUrl() + ")";
		}

	}

}
