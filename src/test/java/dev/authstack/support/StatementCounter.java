package dev.authstack.support;

import java.io.Closeable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Test-only: wraps the application's DataSource so every statement executed through it is
 * recorded with its SQL and thread. Add the class as a source of the application under
 * test (deliberately not a component, so other tests' contexts never pick it up) and get
 * it back as a bean. Plain JDK proxies: no datasource-proxy library needed.
 */
public class StatementCounter implements BeanPostProcessor {

	private final List<Executed> executed = new CopyOnWriteArrayList<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
			return proxy(dataSource, new Class<?>[] { DataSource.class, Closeable.class }, (target, method, args) -> {
				Object result = invoke(target, method, args);
				return result instanceof Connection connection ? connection(connection) : result;
			});
		}
		return bean;
	}

	/**
	 * Statements executed so far on threads whose name contains {@code threadNamePart}.
	 */
	public List<Executed> executedOn(String threadNamePart) {
		return executed.stream().filter(e -> e.thread().contains(threadNamePart)).toList();
	}

	/** Statements run by request threads (Tomcat's "http-nio-..." workers). */
	public List<Executed> byRequests() {
		return executedOn("http-nio");
	}

	private Connection connection(Connection connection) {
		return proxy(connection, new Class<?>[] { Connection.class }, (target, method, args) -> {
			Object result = invoke(target, method, args);
			String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
			if (result instanceof CallableStatement statement) {
				return statement(statement, CallableStatement.class, sql);
			}
			if (result instanceof PreparedStatement statement) {
				return statement(statement, PreparedStatement.class, sql);
			}
			if (result instanceof Statement statement) {
				return statement(statement, Statement.class, null);
			}
			return result;
		});
	}

	private Statement statement(Statement statement, Class<? extends Statement> type, String preparedSql) {
		return proxy(statement, new Class<?>[] { type }, (target, method, args) -> {
			if (method.getName().startsWith("execute")) {
				String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql;
				executed.add(new Executed(Thread.currentThread().getName(), sql));
			}
			return invoke(target, method, args);
		});
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Object target, Class<?>[] interfaces, Handler handler) {
		InvocationHandler invocation = (p, method, args) -> {
			if (method.getName().equals("close") && method.getParameterCount() == 0
					&& !(target instanceof AutoCloseable)) {
				return null;
			}
			if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> type
					&& type.isInstance(target)) {
				return target;
			}
			return handler.handle(target, method, args);
		};
		return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), interfaces, invocation);
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@FunctionalInterface
	private interface Handler {

		Object handle(Object target, Method method, Object[] args) throws Throwable;

	}

	public record Executed(String thread, String sql) {
	}

}
