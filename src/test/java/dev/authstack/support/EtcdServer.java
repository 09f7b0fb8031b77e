package dev.authstack.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One real etcd (Debian's etcd-server) on free loopback ports, the store Patroni keeps
 * its leader lock in. One member is enough for a test: what is tested is PostgreSQL's
 * failover, not etcd's.
 */
public final class EtcdServer implements AutoCloseable {

	private final Process process;

	private final int clientPort;

	private EtcdServer(Process process, int clientPort) {
		this.process = process;
		this.clientPort = clientPort;
	}

	public static EtcdServer start() {
		Path binary = Processes.binary("/usr/bin/etcd", "etcd-server");
		Path dir = Processes.directory("it-etcd-", null);
		int client = Processes.freePort();
		int peer = Processes.freePort();
		String peerUrl = "http://127.0.0.1:" + peer;
		String clientUrl = "http://127.0.0.1:" + client;
		Process process = Processes.start(
				List.of(binary.toString(), "--name", "e1", "--data-dir", dir.resolve("data").toString(),
						"--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl, "--listen-peer-urls",
						peerUrl, "--initial-advertise-peer-urls", peerUrl, "--initial-cluster", "e1=" + peerUrl,
						"--initial-cluster-state", "new", "--initial-cluster-token", "authstack-it"),
				Map.of(), dir.resolve("etcd.log"));
		EtcdServer server = new EtcdServer(process, client);
		try {
			Processes.await("etcd answering /health on " + clientUrl + " (see " + dir.resolve("etcd.log") + ")",
					Duration.ofSeconds(30), () -> {
						if (!process.isAlive()) {
							throw new IllegalStateException(
									"etcd exited with " + process.exitValue() + "; see " + dir.resolve("etcd.log"));
						}
						return Processes.httpGet(clientUrl + "/health").body().contains("\"health\":\"true\"");
					});
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	/** host:port for Patroni's etcd3 section. */
	public String endpoint() {
		return "127.0.0.1:" + clientPort;
	}

	@Override
	public void close() {
		Processes.killTree(process.pid());
	}

}
