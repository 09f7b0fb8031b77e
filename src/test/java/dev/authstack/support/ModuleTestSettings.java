package dev.authstack.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * What every {@code @ApplicationModuleTest} shares: the test profile, and no fixed port
 * (the mock web environment listens on none, but {@code system}'s start-up check would
 * try 8080 and 8081, which a service running on this machine may hold).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ActiveProfiles("test")
@TestPropertySource(properties = { "server.port=0", "management.server.port=0" })
public @interface ModuleTestSettings {

}
