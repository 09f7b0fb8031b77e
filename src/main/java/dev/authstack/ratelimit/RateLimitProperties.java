package dev.authstack.ratelimit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-IP limiter, with nginx's words and defaults (config/nginx/templates): every
 * request counts against {@code api}; POSTs to /login and /api/v1/login also against
 * {@code login}. {@code rate} as nginx writes it ({@code 10r/s}, {@code 10r/m}); up to
 * {@code burst} requests beyond it are let through, at once with {@code nodelay}, else
 * held back to the rate; beyond: 429. On under the {@code local} profile (nothing in
 * front), off under {@code stage} and {@code prod}, where nginx limits at the edge.
 */
@Validated
@ConfigurationProperties("auth.rate-limit")
record RateLimitProperties(@DefaultValue("true") boolean enabled, @Valid Zone api, @Valid Zone login) {

	static final Zone API_DEFAULTS = new Zone("10r/s", 20, true);

	static final Zone LOGIN_DEFAULTS = new Zone("10r/m", 5, true);

	RateLimitProperties {
		// each zone has nginx's defaults; a setting given for one key keeps the others
		api = api == null ? API_DEFAULTS : api.or(API_DEFAULTS);
		login = login == null ? LOGIN_DEFAULTS : login.or(LOGIN_DEFAULTS);
	}

	/**
	 * nginx's limit_req_zone rate and limit_req burst/nodelay; null = the zone's default.
	 */
	record Zone(String rate, @Min(0) Integer burst, Boolean nodelay) {

		private static final Pattern RATE = Pattern.compile("([1-9][0-9]*)r/([sm])");

		Zone {
			if (rate != null && !RATE.matcher(rate.strip()).matches()) {
				throw new IllegalArgumentException("rate '" + rate + "' is not nginx's form NUMBERr/s or NUMBERr/m");
			}
		}

		Zone or(Zone defaults) {
			return new Zone(rate == null ? defaults.rate : rate, burst == null ? defaults.burst : burst,
					nodelay == null ? defaults.nodelay : nodelay);
		}

		long requests() {
			Matcher m = RATE.matcher(rate.strip());
			m.matches();
			return Long.parseLong(m.group(1));
		}

		Duration period() {
			Matcher m = RATE.matcher(rate.strip());
			m.matches();
			return m.group(2).equals("s") ? Duration.ofSeconds(1) : Duration.ofMinutes(1);
		}

		/** Time between two requests at the rate. */
		Duration interval() {
			return period().dividedBy(requests());
		}

	}

}
