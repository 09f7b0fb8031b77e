package dev.authstack.store.redis;

import io.lettuce.core.RedisURI;

import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

/**
 * The server named by {@code AUTH_REDIS_URL} ({@code redis://[[user]:password@]host[:port][/db]},
 * {@code rediss://} for TLS). The password may come from the URL or from
 * {@code AUTH_REDIS_PASSWORD} (or its {@code _FILE}), not both. {@link #toString()} masks it, so
 * the endpoint can be logged; error messages never repeat the URL, which may hold the password.
 */
record RedisEndpoint(boolean tls, String host, int port, int database, String username, String password) {

	static RedisEndpoint parse(String url, String separatePassword) {
		String trimmed = url.strip();
		if (!trimmed.startsWith("redis://") && !trimmed.startsWith("rediss://")) {
			throw new IllegalArgumentException("AUTH_REDIS_URL must start with redis:// or rediss://");
		}
		RedisURI uri;
		try {
			uri = RedisURI.create(trimmed);
		}
		catch (RuntimeException ex) {
			// not chained: the parser's message may quote the URL, password included
			throw new IllegalArgumentException("AUTH_REDIS_URL is not a valid redis:// URL ("
					+ ex.getClass().getSimpleName() + "); expected redis://[:password@]host:port[/db]");
		}
		String host = uri.getHost();
		if (host != null && host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host != null && host.contains(":")) {
			// Lettuce keeps "host:notaport" as the host name
			host = null;
		}
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException(
					"AUTH_REDIS_URL names no valid host and port; expected redis://[:password@]host:port[/db]");
		}
		String fromUrl = uri.getPassword() == null || uri.getPassword().length == 0 ? null
				: new String(uri.getPassword());
		boolean separate = separatePassword != null && !separatePassword.isEmpty();
		if (fromUrl != null && separate) {
			throw new IllegalArgumentException(
					"Both AUTH_REDIS_URL and AUTH_REDIS_PASSWORD carry a password; set only one");
		}
		return new RedisEndpoint(uri.isSsl(), host, uri.getPort(), uri.getDatabase(),
				blankToNull(uri.getUsername()), separate ? separatePassword : fromUrl);
	}

	RedisStandaloneConfiguration configuration() {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(host, port);
		configuration.setDatabase(database);
		if (username != null) {
			configuration.setUsername(username);
		}
		if (password != null) {
			configuration.setPassword(RedisPassword.of(password));
		}
		return configuration;
	}

	/** The URL with the password masked: safe for logs. */
	@Override
	public String toString() {
		String credentials = password == null ? (username == null ? "" : username + "@")
				: (username == null ? "" : username) + ":****@";
		String shownHost = host.contains(":") ? "[" + host + "]" : host;
		return (tls ? "rediss://" : "redis://") + credentials + shownHost + ":" + port + "/" + database;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

}
