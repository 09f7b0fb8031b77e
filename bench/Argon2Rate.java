import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The service's hashing in the JVM, without HTTP or a database, one thread per core, for a fixed
 * time. IMPL "java": Spring's Argon2PasswordEncoder (BouncyCastle, the service's fallback);
 * "native": libargon2 through argon2-jvm/JNA (what the service uses when it loads), called by
 * reflection so this file compiles against jars without it. Run by bench/run with the jar's
 * libraries on the class path:
 *
 * <pre>java -cp 'extracted/lib/*' bench/Argon2Rate.java IMPL SECONDS THREADS MEMORY_KIB ITERATIONS PARALLELISM</pre>
 *
 * Prints one JSON object: hashes, seconds, hashes per second; exit status 3 when IMPL is not
 * on the class path.
 */
public class Argon2Rate {

	public static void main(String[] args) throws Exception {
		String impl = args[0];
		double seconds = Double.parseDouble(args[1]);
		int threads = Integer.parseInt(args[2]);
		int memoryKib = Integer.parseInt(args[3]);
		int iterations = Integer.parseInt(args[4]);
		int parallelism = Integer.parseInt(args[5]);
		Supplier<String> hash = switch (impl) {
			case "java" -> {
				Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, parallelism, memoryKib, iterations);
				yield () -> encoder.encode("bench-password");
			}
			case "native" -> nativeHash(memoryKib, iterations, parallelism);
			default -> throw new IllegalArgumentException("IMPL must be java or native, not " + impl);
		};
		if (hash == null) {
			System.err.println("argon2-jvm is not on the class path");
			System.exit(3);
		}
		// JIT warm-up, not counted
		long warmUntil = System.nanoTime() + 2_000_000_000L;
		while (System.nanoTime() < warmUntil) {
			hash.get();
		}
		LongAdder hashes = new LongAdder();
		CountDownLatch done = new CountDownLatch(threads);
		long start = System.nanoTime();
		long deadline = start + (long) (seconds * 1e9);
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < deadline) {
					hash.get();
					hashes.increment();
				}
				done.countDown();
			});
			thread.start();
		}
		done.await();
		double elapsed = (System.nanoTime() - start) / 1e9;
		System.out.printf(java.util.Locale.ROOT,
				"{\"impl\":\"%s\",\"hashes\":%d,\"seconds\":%.3f,\"rate\":%.2f,\"threads\":%d}%n", impl,
				hashes.sum(), elapsed, hashes.sum() / elapsed, threads);
	}

	/** argon2-jvm's Argon2Factory.create(ARGON2id, 16, 32).hash(t, m, p, chars, UTF-8), or null. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Supplier<String> nativeHash(int memoryKib, int iterations, int parallelism) throws Exception {
		Class<?> factory;
		try {
			factory = Class.forName("de.mkammerer.argon2.Argon2Factory");
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
		Class<? extends Enum> types = (Class<? extends Enum>) Class.forName("de.mkammerer.argon2.Argon2Factory$Argon2Types");
		Object argon2 = factory.getMethod("create", types, int.class, int.class)
			.invoke(null, Enum.valueOf(types, "ARGON2id"), 16, 32);
		Method hash = Class.forName("de.mkammerer.argon2.Argon2")
			.getMethod("hash", int.class, int.class, int.class, char[].class, Charset.class);
		return () -> {
			try {
				return (String) hash.invoke(argon2, iterations, memoryKib, parallelism, "bench-password".toCharArray(),
						StandardCharsets.UTF_8);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

}
