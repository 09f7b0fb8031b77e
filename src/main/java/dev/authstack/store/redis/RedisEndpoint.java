package dev.authstack.store.redis;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisURI;

import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The server named by {@code AUTH_REDIS_URL}: one server,
 * {@code redis://[[user]:password@]host[:port][/db]} ({@code rediss://} for TLS), or a
 * master found through Sentinel,
 * {@code redis-sentinel://[[user]:password@]host[:port][,host[:port]…][/db]#master}
 * (Lettuce's form: {@code ?sentinelMasterId=master} works for the fragment,
 * {@code rediss-sentinel://} for TLS, {@code redis+sentinel://} is taken as an alias;
 * sentinel ports default to 26379). The password is the data nodes' and may come from the
 * URL or from {@code AUTH_REDIS_PASSWORD}, not both; the sentinels' own password, if they
 * have one, from {@code AUTH_REDIS_SENTINELPASSWORD}. {@link #toString()} masks the
 * password, so the endpoint can be logged; error messages never repeat the URL, which may
 * hold the password.
 */
record RedisEndpoint(boolean tls, List<Node> nodes, String master, int database, String username, String password,
		String sentinelPassword) {

	private static final String EXPECTED = "expected redis://[:password@]host:port[/db] or "
			+ "redis-sentinel://[:password@]host[:port][,host[:port]...][/db]#master";

	private static final int SENTINEL_PORT = 26379;

	RedisEndpoint {
		nodes = List.copyOf(nodes);
	}

	static RedisEndpoint parse(String url, String separatePassword) {
		return parse(url, separatePassword, null);
	}

	static RedisEndpoint parse(String url, String separatePassword, String sentinelPassword) {
		String trimmed = url.strip();
		boolean sentinel = trimmed.startsWith("redis-sentinel://") || trimmed.startsWith("rediss-sentinel://")
				|| trimmed.startsWith("redis+sentinel://");
		if (!sentinel && !trimmed.startsWith("redis://") && !trimmed.startsWith("rediss://")) {
			throw new IllegalArgumentException(
					"AUTH_REDIS_URL must start with redis://, rediss://, redis-sentinel:// or rediss-sentinel://");
		}
		boolean separate = separatePassword != null && !separatePassword.isEmpty();
		String sentinelSecret = sentinelPassword == null || sentinelPassword.isEmpty() ? null : sentinelPassword;
		if (!sentinel && sentinelSecret != null) {
			throw new IllegalArgumentException(
					"AUTH_REDIS_SENTINELPASSWORD is set but AUTH_REDIS_URL names no sentinels (redis-sentinel://...)");
		}
		RedisEndpoint parsed = sentinel ? parseSentinel(trimmed) : parseStandalone(trimmed);
		if (parsed.password() != null && separate) {
			throw new IllegalArgumentException(
					"Both AUTH_REDIS_URL and AUTH_REDIS_PASSWORD carry a password; set only one");
		}
		return new RedisEndpoint(parsed.tls(), parsed.nodes(), parsed.master(), parsed.database(), parsed.username(),
				separate ? separatePassword : parsed.password(), sentinelSecret);
	}

	private static RedisEndpoint parseStandalone(String url) {
		RedisURI uri = lettuce(url);
		Node node = node(uri);
		return new RedisEndpoint(uri.isSsl(), List.of(node), null, uri.getDatabase(), blankToNull(uri.getUsername()),
				password(uri), null);
	}

	/**
	 * Split by hand: Lettuce's parser reads the whole host list as one URI authority,
	 * which fails on IPv6 literals; each sentinel is then checked as a redis:// URL of
	 * its own.
	 */
	private static RedisEndpoint parseSentinel(String url) {
		boolean tls = url.startsWith("rediss-");
		String rest = url.substring(url.indexOf("://") + 3);
		String master = null;
		int hash = rest.indexOf('#');
		if (hash >= 0) {
			master = decode(rest.substring(hash + 1));
			rest = rest.substring(0, hash);
		}
		int question = rest.indexOf('?');
		if (question >= 0) {
			for (String parameter : rest.substring(question + 1).split("&")) {
				if (parameter.isEmpty()) {
					continue;
				}
				int equals = parameter.indexOf('=');
				String name = equals < 0 ? parameter : parameter.substring(0, equals);
				if (!name.equals("sentinelMasterId")) {
					throw new IllegalArgumentException("AUTH_REDIS_URL: unknown parameter '" + name
							+ "' (a sentinel URL takes only sentinelMasterId)");
				}
				String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
				if (master != null && !master.equals(value)) {
					throw new IllegalArgumentException(
							"AUTH_REDIS_URL names two different masters (#fragment and sentinelMasterId)");
				}
				master = value;
			}
			rest = rest.substring(0, question);
		}
		if (master == null || master.isBlank()) {
			throw new IllegalArgumentException(
					"AUTH_REDIS_URL names no sentinel master; add #<master name> (the name in sentinel.conf)");
		}
		int database = 0;
		int slash = rest.indexOf('/');
		if (slash >= 0) {
			String db = rest.substring(slash + 1);
			rest = rest.substring(0, slash);
			if (!db.isEmpty()) {
				try {
					database = Integer.parseInt(db);
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException("AUTH_REDIS_URL: the database after '/' must be a number");
				}
				if (database < 0) {
					throw new IllegalArgumentException("AUTH_REDIS_URL: the database after '/' must be 0 or more");
				}
			}
		}
		String username = null;
		String password = null;
		int at = rest.lastIndexOf('@');
		if (at >= 0) {
			String userInfo = rest.substring(0, at);
			rest = rest.substring(at + 1);
			int colon = userInfo.indexOf(':');
			username = blankToNull(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
			password = colon < 0 ? null : blankToNull(decode(userInfo.substring(colon + 1)));
			if (colon < 0) {
				// redis://secret@host means a password to Lettuce and to redis-cli; keep
				// that reading
				password = username;
				username = null;
			}
		}
		List<Node> sentinels = new ArrayList<>();
		for (String hostPort : rest.split(",", -1)) {
			if (hostPort.isBlank()) {
				throw new IllegalArgumentException("AUTH_REDIS_URL: empty sentinel address; " + EXPECTED);
			}
			boolean hasPort = hostPort.startsWith("[") ? hostPort.contains("]:")
					: hostPort.contains(":") && hostPort.indexOf(':') == hostPort.lastIndexOf(':');
			Node node = node(lettuce("redis://" + hostPort));
			sentinels.add(hasPort ? node : new Node(node.host(), SENTINEL_PORT));
		}
		return new RedisEndpoint(tls, sentinels, master, database, username, password, null);
	}

	private static RedisURI lettuce(String url) {
		try {
			return RedisURI.create(url);
		}
		catch (RuntimeException ex) {
			// not chained: the parser's message may quote the URL, password included
			throw new IllegalArgumentException(
					"AUTH_REDIS_URL is not a valid Redis URL (" + ex.getClass().getSimpleName() + "); " + EXPECTED);
		}
	}

	private static Node node(RedisURI uri) {
		String host = uri.getHost();
		if (host != null && host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host != null && host.contains(":")) {
			// Lettuce keeps "host:notaport" as the host name
			host = null;
		}
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("AUTH_REDIS_URL names no valid host and port; " + EXPECTED);
		}
		return new Node(host, uri.getPort());
	}

	private static String password(RedisURI uri) {
		return uri.getPassword() == null || uri.getPassword().length == 0 ? null : new String(uri.getPassword());
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("AUTH_REDIS_URL holds a malformed %-escape; " + EXPECTED);
		}
	}

	/** Whether the master is found through Sentinel. */
	boolean sentinel() {
		return master != null;
	}

	/** The one server (not for a sentinel endpoint). */
	String host() {
		return standalone().host();
	}

	int port() {
		return standalone().port();
	}

	RedisStandaloneConfiguration standaloneConfiguration() {
		Node node = standalone();
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(node.host(), node.port());
		configuration.setDatabase(database);
		if (username != null) {
			configuration.setUsername(username);
		}
		if (password != null) {
			configuration.setPassword(RedisPassword.of(password));
		}
		return configuration;
	}

	RedisSentinelConfiguration sentinelConfiguration() {
		if (!sentinel()) {
			throw new IllegalStateException("not a sentinel endpoint");
		}
		RedisSentinelConfiguration configuration = new RedisSentinelConfiguration();
		configuration.master(master);
		for (Node node : nodes) {
			configuration.sentinel(new RedisNode(node.host(), node.port()));
		}
		configuration.setDatabase(database);
		if (username != null) {
			configuration.setUsername(username);
		}
		if (password != null) {
			configuration.setPassword(RedisPassword.of(password));
		}
		if (sentinelPassword != null) {
			configuration.setSentinelPassword(RedisPassword.of(sentinelPassword));
		}
		return configuration;
	}

	/**
	 * A factory that connects on first use. Through Sentinel, Lettuce asks the sentinels
	 * for the master at every (re)connection, so after a failover the next reconnect
	 * reaches the promoted one.
	 */
	LettuceConnectionFactory connectionFactory(LettuceClientConfiguration client) {
		return sentinel() ? new LettuceConnectionFactory(sentinelConfiguration(), client)
				: new LettuceConnectionFactory(standaloneConfiguration(), client);
	}

	/**
	 * Whether a connection to {@code address} is one to a sentinel (a lookup), not to the
	 * data node: Lettuce reports both on the same event bus.
	 */
	boolean isSentinel(SocketAddress address) {
		if (!sentinel() || !(address instanceof InetSocketAddress remote)) {
			return false;
		}
		for (Node node : nodes) {
			if (node.port() != remote.getPort()) {
				continue;
			}
			if (node.host().equalsIgnoreCase(remote.getHostString())) {
				return true;
			}
			try {
				for (InetAddress candidate : InetAddress.getAllByName(node.host())) {
					if (candidate.equals(remote.getAddress())) {
						return true;
					}
				}
			}
			catch (UnknownHostException ex) {
				// not resolvable now: not this one
			}
		}
		return false;
	}

	/** The URL with the password masked: safe for logs. */
	@Override
	public String toString() {
		String credentials = password == null ? (username == null ? "" : username + "@")
				: (username == null ? "" : username) + ":****@";
		if (!sentinel()) {
			Node node = nodes.get(0);
			return (tls ? "rediss://" : "redis://") + credentials + node + "/" + database;
		}
		return (tls ? "rediss-sentinel://" : "redis-sentinel://") + credentials
				+ String.join(",", nodes.stream().map(Node::toString).toList()) + "/" + database + "#" + master
				+ (sentinelPassword == null ? "" : " (sentinel password set)");
	}

	private Node standalone() {
		if (sentinel()) {
			throw new IllegalStateException("a sentinel endpoint has no fixed server");
		}
		return nodes.get(0);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

	/** One host and port. */
	record Node(String host, int port) {

		@Override
		public String toString() {
			return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
		}

	}

}
