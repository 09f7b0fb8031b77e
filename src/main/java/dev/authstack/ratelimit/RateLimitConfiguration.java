package dev.authstack.ratelimit;

import dev.authstack.store.RateLimitBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The limiter runs right after the request id (so a 429 carries one), before bodies are
 * read.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitProperties properties, RateLimitBuckets buckets,
			MeterRegistry meters) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				new RateLimitFilter(new RateLimiter("api", properties.api(), buckets),
						new RateLimiter("login", properties.login(), buckets), meters));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		registration.setEnabled(properties.enabled());
		if (properties.enabled()) {
			log.info("Per-IP rate limits ({} buckets): api {} burst {}{}, login {} burst {}{}", buckets.kind(),
					properties.api().rate(), properties.api().burst(), properties.api().nodelay() ? " nodelay" : "",
					properties.login().rate(), properties.login().burst(),
					properties.login().nodelay() ? " nodelay" : "");
		}
		else {
			log.info("Per-IP rate limits off (AUTH_RATELIMIT_ENABLED=false): nginx limits at the edge");
		}
		return registration;
	}

}
