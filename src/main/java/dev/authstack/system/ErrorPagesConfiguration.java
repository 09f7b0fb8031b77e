package dev.authstack.system;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's error report valve replaced by {@link ConnectorErrorValve}, on the host, where
 * the requests Tomcat refuses before mapping them to the application end up.
 */
@Configuration(proxyBeanMethods = false)
class ErrorPagesConfiguration {

	/**
	 * Unordered, so it runs after Spring Boot's customizer, which adds that valve in a
	 * context customizer of its own.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectorErrorValve() {
		return new WebServerFactoryCustomizer<>() {

			@Override
			public void customize(TomcatServletWebServerFactory factory) {
				factory.addContextCustomizers(context -> {
					if (!(context.getParent() instanceof StandardHost host)) {
						return;
					}
					Pipeline pipeline = host.getPipeline();
					// Spring Boot adds Tomcat's own valve (without stack traces); ours
					// takes its place
					for (Valve valve : pipeline.getValves()) {
						if (valve instanceof ErrorReportValve && !(valve instanceof ConnectorErrorValve)) {
							pipeline.removeValve(valve);
						}
					}
					pipeline.addValve(new ConnectorErrorValve());
					// so the host, starting, finds its error valve in place and adds no
					// other
					host.setErrorReportValveClass(ConnectorErrorValve.class.getName());
				});
			}

		};
	}

}
