package dev.authstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Redis under Sentinel, all real processes on loopback: one master and two replicas
 * (Debian's redis-server, passwords required, no persistence), three redis-sentinel
 * processes with their own password, quorum 2, a master declared down after one second.
 * The service reaches it with {@link #url()} and {@link #sentinelPassword()}.
 */
public final class SentinelCluster implements AutoCloseable {

	public static final String MASTER = "authstack";

	private final Path dir;

	private final String password;

	private final String sentinelPassword;

	private final List<Instance> servers = new ArrayList<>();

	private final List<Instance> sentinels = new ArrayList<>();

	private SentinelCluster(Path dir, String password, String sentinelPassword) {
		this.dir = dir;
		this.password = password;
		this.sentinelPassword = sentinelPassword;
	}

	public static SentinelCluster start() {
		Path server = Processes.binary(System.getenv().getOrDefault("REDIS_SERVER_BIN", "/usr/bin/redis-server"),
				"redis-server");
		Path sentinel = Processes.binary("/usr/bin/redis-sentinel", "redis-sentinel");
		Path dir = Processes.directory("it-sentinel-", null);
		SentinelCluster cluster = new SentinelCluster(dir, "it-" + Long.toHexString(System.nanoTime()),
				"it-sentinel-" + Long.toHexString(System.nanoTime()));
		try {
			int masterPort = Processes.freePort();
			for (int i = 0; i < 3; i++) {
				int port = i == 0 ? masterPort : Processes.freePort();
				List<String> command = new ArrayList<>(List.of(server.toString(), "--port", Integer.toString(port),
						"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
						"--requirepass", cluster.password, "--masterauth", cluster.password, "--daemonize", "no",
						"--dbfilename", "redis-" + port + ".rdb"));
				if (i > 0) {
					command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
				}
				cluster.servers.add(new Instance("redis-" + port, port,
						Processes.start(command, Map.of(), dir.resolve("redis-" + port + ".log"))));
			}
			for (Instance instance : cluster.servers) {
				Processes.await("redis-server on " + instance.port() + " answering PING", Duration.ofSeconds(15),
						() -> ping(instance.port(), cluster.password));
			}
			for (int i = 0; i < 3; i++) {
				int port = Processes.freePort();
				Path conf = dir.resolve("sentinel-" + port + ".conf");
				Files.writeString(conf, """
						port %d
						bind 127.0.0.1
						daemonize no
						dir %s
						requirepass %s
						sentinel sentinel-pass %s
						sentinel monitor %s 127.0.0.1 %d 2
						sentinel auth-pass %s %s
						sentinel down-after-milliseconds %s 1000
						sentinel failover-timeout %s 10000
						sentinel parallel-syncs %s 1
						""".formatted(port, dir, cluster.sentinelPassword, cluster.sentinelPassword, MASTER, masterPort,
						MASTER, cluster.password, MASTER, MASTER, MASTER));
				cluster.sentinels.add(new Instance("sentinel-" + port, port,
						Processes.start(List.of(sentinel.toString(), conf.toString()), Map.of(),
								dir.resolve("sentinel-" + port + ".log"))));
			}
			cluster.awaitReplicated(Duration.ofSeconds(30));
			return cluster;
		}
		catch (IOException ex) {
			cluster.close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * Waits until every sentinel names the same live master, knows the two other
	 * sentinels, and sees every other live server as its replica.
	 */
	public void awaitReplicated(Duration timeout) {
		Processes.await("Sentinel agreeing on a master with its replicas (logs in " + dir + ")", timeout, () -> {
			try {
				int master = masterPort();
				long liveReplicas = servers.stream().filter(s -> s.alive() && s.port() != master).count();
				for (Instance sentinel : sentinels) {
					List<?> address = (List<?>) Resp.command(sentinel.port(), sentinelPassword, "SENTINEL",
							"get-master-addr-by-name", MASTER);
					if (address == null || Integer.parseInt((String) address.get(1)) != master) {
						return false;
					}
					if (((List<?>) Resp.command(sentinel.port(), sentinelPassword, "SENTINEL", "sentinels", MASTER))
						.size() < sentinels.size() - 1) {
						return false;
					}
				}
				String info = (String) Resp.command(master, password, "INFO", "replication");
				return info.contains("role:master") && info.contains("connected_slaves:" + liveReplicas);
			}
			catch (RuntimeException ex) {
				return false;
			}
		});
	}

	/** The master's port as the first answering sentinel names it. */
	public int masterPort() {
		RuntimeException last = null;
		for (Instance sentinel : sentinels) {
			if (!sentinel.alive()) {
				continue;
			}
			try {
				List<?> address = (List<?>) Resp.command(sentinel.port(), sentinelPassword, "SENTINEL",
						"get-master-addr-by-name", MASTER);
				return Integer.parseInt((String) address.get(1));
			}
			catch (RuntimeException ex) {
				last = ex;
			}
		}
		throw new IllegalStateException("no sentinel answers", last);
	}

	/** Kills the master named by Sentinel now (SIGKILL, like a crash); its port. */
	public int killMaster() {
		int master = masterPort();
		servers.stream().filter(s -> s.port() == master).findFirst().orElseThrow().kill();
		return master;
	}

	/** Runs a command on the data server on {@code port}. */
	public Object command(int port, String... args) {
		return Resp.command(port, password, args);
	}

	/** The ports of the live data servers other than the master. */
	public List<Integer> replicaPorts() {
		int master = masterPort();
		return servers.stream().filter(s -> s.alive() && s.port() != master).map(Instance::port).toList();
	}

	/** AUTH_REDIS_URL: the sentinels, the master's name, the data nodes' password. */
	public String url() {
		return "redis-sentinel://:" + password + "@"
				+ sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(",")) + "#" + MASTER;
	}

	/** AUTH_REDIS_SENTINELPASSWORD. */
	public String sentinelPassword() {
		return sentinelPassword;
	}

	public Path directory() {
		return dir;
	}

	@Override
	public void close() {
		sentinels.forEach(Instance::kill);
		servers.forEach(Instance::kill);
	}

	private static boolean ping(int port, String password) {
		try {
			return "PONG".equals(Resp.command(port, password, "PING"));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private record Instance(String name, int port, Process process) {

		boolean alive() {
			return process.isAlive();
		}

		void kill() {
			Processes.killTree(process.pid());
		}

	}

}
