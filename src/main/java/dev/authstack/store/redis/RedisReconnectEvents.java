package dev.authstack.store.redis;

import dev.authstack.store.SharedStoreDisconnected;
import dev.authstack.store.SharedStoreReconnected;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.event.connection.ConnectionEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns Lettuce's "connection lost, then active again" into a
 * {@link SharedStoreReconnected}; after a Sentinel failover "again" is the promoted
 * master, which may lack recent writes. Only connections to a data node count:
 * {@code dataNode} tells them from sentinel lookups.
 */
class RedisReconnectEvents implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RedisReconnectEvents.class);

	private final ApplicationEventPublisher events;

	private final AtomicBoolean lost = new AtomicBoolean();

	private final Predicate<SocketAddress> dataNode;

	private final Disposable subscription;

	RedisReconnectEvents(ClientResources resources, ApplicationEventPublisher events,
			Predicate<SocketAddress> dataNode) {
		this.events = events;
		this.dataNode = dataNode;
		this.subscription = resources.eventBus().get().subscribe(this::on);
	}

	private void on(Event event) {
		if (event instanceof ConnectionEvent connection && !dataNode.test(connection.remoteAddress())) {
			return;
		}
		if (event instanceof ConnectionDeactivatedEvent) {
			if (lost.compareAndSet(false, true)) {
				// synchronous on purpose: marks must be distrusted before any
				// reconnection
				events.publishEvent(new SharedStoreDisconnected());
			}
		}
		else if (event instanceof ConnectionActivatedEvent && lost.compareAndSet(true, false)) {
			log.info("Redis connection restored");
			// listeners may call Redis synchronously: never on the I/O thread that
			// delivers this
			CompletableFuture.runAsync(() -> events.publishEvent(new SharedStoreReconnected()));
		}
	}

	@Override
	public void destroy() {
		subscription.dispose();
	}

}
