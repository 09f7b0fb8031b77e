package dev.authstack.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.authstack.store.Invalidations;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Invalidations over Redis pub/sub. Besides the changed keys, each replica publishes a
 * heartbeat every {@code heartbeat}; it trusts its subscription only while its own
 * heartbeats come back within {@code 4 x heartbeat}. So a subscription that died silently
 * (a half-open connection, a Redis failover, a subscriber Redis dropped for being slow)
 * switches near caches off within that window, and they are emptied before they are used
 * again.
 */
class RedisInvalidations implements Invalidations, MessageListener, SubscriptionListener, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RedisInvalidations.class);

	private static final String HEARTBEAT = "heartbeat:";

	private final StringRedisTemplate redis;

	private final RedisMessageListenerContainer container;

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "redis-invalidations-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	private final String ownHeartbeat = HEARTBEAT + UUID.randomUUID();

	private final long windowNanos;

	private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

	private final Disposable connectionEvents;

	private volatile boolean trusted;

	private volatile long lastHeard;

	RedisInvalidations(RedisConnectionFactory connections, StringRedisTemplate redis, ClientResources resources,
			Duration heartbeat) {
		this.redis = redis;
		// any connection lost (the subscription's included): messages may be lost,
		// distrust at once
		this.connectionEvents = resources.eventBus().get().subscribe(event -> {
			if (event instanceof ConnectionDeactivatedEvent) {
				distrust();
			}
		});
		this.windowNanos = heartbeat.multipliedBy(4).toNanos();
		this.container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connections);
		container.setRecoveryBackoff(new FixedBackOff(heartbeat.toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS));
		container.addMessageListener(this, new ChannelTopic(CHANNEL));
		container.afterPropertiesSet();
		// subscribed from the heartbeat thread: a Redis that is away must not hold up the
		// start
		long period = heartbeat.toMillis();
		heartbeats.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void publish(String key) {
		try {
			redis.convertAndSend(CHANNEL, key);
		}
		catch (RuntimeException ex) {
			// the others will not hear of it; their near caches expire, and a Redis this
			// sick stops their heartbeats too
			log.debug("Invalidation of {} not published: {}", key, ex.getClass().getSimpleName());
		}
	}

	@Override
	public boolean live() {
		return trusted && System.nanoTime() - lastHeard < windowNanos;
	}

	@Override
	public void subscribe(Consumer<String> listener) {
		listeners.add(listener);
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		String body = new String(message.getBody(), StandardCharsets.UTF_8);
		if (body.startsWith(HEARTBEAT)) {
			if (body.equals(ownHeartbeat)) {
				heard();
			}
			return;
		}
		for (Consumer<String> listener : listeners) {
			listener.accept(body);
		}
	}

	@Override
	public void onChannelSubscribed(byte[] channel, long count) {
		log.info("Listening for invalidations on {}", CHANNEL);
	}

	private void heard() {
		long now = System.nanoTime();
		if (!trusted || now - lastHeard >= windowNanos) {
			// messages may have been missed since the last heartbeat: start from empty
			for (Consumer<String> listener : listeners) {
				listener.accept(null);
			}
		}
		lastHeard = now;
		trusted = true;
	}

	private void distrust() {
		trusted = false;
		for (Consumer<String> listener : listeners) {
			listener.accept(null);
		}
	}

	private void beat() {
		try {
			if (!container.isRunning()) {
				container.start();
			}
			redis.convertAndSend(CHANNEL, ownHeartbeat);
		}
		catch (RuntimeException ex) {
			// no heartbeat, no trust: live() turns false by itself
		}
	}

	@Override
	public void destroy() throws Exception {
		connectionEvents.dispose();
		heartbeats.shutdownNow();
		container.stop();
		container.destroy();
	}

}
