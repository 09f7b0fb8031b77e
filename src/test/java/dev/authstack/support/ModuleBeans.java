package dev.authstack.support;

import java.util.Set;
import java.util.TreeSet;

import org.mockito.Mockito;

import org.springframework.context.ApplicationContext;

/**
 * Which of the application's modules have beans in a context: what a module test really
 * started. Mocks do not count: they stand for a module that was left out.
 */
public final class ModuleBeans {

	private static final String ROOT = "dev.authstack.";

	private ModuleBeans() {
	}

	/**
	 * The modules (top-level packages under {@code dev.authstack}) whose types are beans
	 * in {@code context}.
	 */
	public static Set<String> in(ApplicationContext context) {
		Set<String> modules = new TreeSet<>();
		for (String name : context.getBeanDefinitionNames()) {
			Class<?> type = context.getType(name, false);
			if (type == null || !type.getName().startsWith(ROOT)
					|| context.isSingleton(name) && Mockito.mockingDetails(context.getBean(name)).isMock()) {
				continue;
			}
			String rest = type.getName().substring(ROOT.length());
			int dot = rest.indexOf('.');
			if (dot > 0) {
				modules.add(rest.substring(0, dot));
			}
		}
		return modules;
	}

}
