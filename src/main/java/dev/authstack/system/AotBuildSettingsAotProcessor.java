package dev.authstack.system;

import java.util.Set;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * At build time, after Spring AOT has refreshed the context: writes the settings that
 * refresh read ({@link AotBuildSettings.Recorder}) into the generated resources, for
 * {@link AotStartGuard} to compare at each start.
 */
class AotBuildSettingsAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
		if (!(beanFactory.getBean(Environment.class) instanceof ConfigurableEnvironment environment)
				|| !(environment.getPropertySources()
					.get(AotBuildSettings.Recorder.NAME) instanceof AotBuildSettings.Recorder recorder)) {
			return null;
		}
		// read now: what the refresh asked; the digests below ask again
		Set<String> names = recorder.names();
		environment.getPropertySources().remove(AotBuildSettings.Recorder.NAME);
		String content = AotBuildSettings.write(names, environment);
		return (generationContext, code) -> generationContext.getGeneratedFiles()
			.addResourceFile(AotBuildSettings.RESOURCE, content);
	}

}
