package dev.authstack.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.validation.annotation.Validated;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * A configuration mistake found in the first seconds, not after the embedded database,
 * the migrations and the JPA model have started (20 s and more): before any bean exists,
 * every settings record of ours is bound and validated as Spring Boot will bind it, and
 * both ports are tried. What fails is reported like the real failure would be
 * ({@link PropertyFailureAnalyzer}, {@link PortInUseFailureAnalyzer}); the real binding
 * and listening still happen as usual.
 */
@Configuration(proxyBeanMethods = false)
class StartupChecks {

	@Bean
	static BeanFactoryPostProcessor settingsAndPortsFirst(Environment environment) {
		return beanFactory -> {
			Binder binder = Binder.get(environment);
			try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
				SpringValidatorAdapter validator = new SpringValidatorAdapter(validation.getValidator());
				for (String name : beanFactory.getBeanDefinitionNames()) {
					Class<?> type = settingsRecord(beanFactory.getBeanDefinition(name),
							beanFactory.getBeanClassLoader());
					if (type != null) {
						ConfigurationProperties settings = AnnotatedElementUtils.findMergedAnnotation(type,
								ConfigurationProperties.class);
						BindHandler handler = new IgnoreTopLevelConverterNotFoundBindHandler();
						if (AnnotatedElementUtils.hasAnnotation(type, Validated.class)) {
							handler = new ValidationBindHandler(handler, validator);
						}
						binder.bindOrCreate(settings.prefix(), Bindable.of(type), handler);
					}
				}
			}
			portsFree(binder);
		};
	}

	/**
	 * Our own {@code @ConfigurationProperties} records, by the class of their definition
	 * (none is created).
	 */
	private static Class<?> settingsRecord(BeanDefinition definition, ClassLoader classLoader) {
		String className = definition.getBeanClassName();
		if (className == null || !className.startsWith("dev.authstack.")) {
			return null;
		}
		try {
			Class<?> type = ClassUtils.forName(className, classLoader);
			return type.isRecord() && AnnotatedElementUtils.hasAnnotation(type, ConfigurationProperties.class) ? type
					: null;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private static void portsFree(Binder binder) {
		Set<Listener> listeners = new LinkedHashSet<>();
		listeners.add(listener(binder, "server"));
		listeners.add(listener(binder, "management.server"));
		for (Listener listener : listeners) {
			if (listener.port() <= 0) {
				continue;
			}
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(listener.address(), listener.port()));
			}
			catch (IOException ex) {
				throw new PortInUseException(listener.port(), ex);
			}
		}
	}

	private static Listener listener(Binder binder, String prefix) {
		int port = binder.bind(prefix + ".port", Integer.class).orElse(prefix.equals("server") ? 8080 : -1);
		InetAddress address = binder.bind(prefix + ".address", InetAddress.class).orElse(null);
		return new Listener(address, port);
	}

	record Listener(InetAddress address, int port) {
	}

}
