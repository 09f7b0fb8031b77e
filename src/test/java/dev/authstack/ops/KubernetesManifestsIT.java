package dev.authstack.ops;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s rendered the way an operator renders it ({@code kubectl kustomize}), then
 * read as Kubernetes objects (fabric8's model) and checked: nothing the model does not
 * know, the policy of {@link Manifests}, and agreement with the rest of the repository:
 * the image name and ports of auth.Dockerfile and docker-compose.yml, the probe paths of
 * the image's healthcheck and the README, environment variables the README documents,
 * secret files the compose stack uses, the rate limits of the nginx image, and references
 * between the objects.
 */
class KubernetesManifestsIT {

	static final Path ROOT = Path.of("deploy/k8s");

	static final Set<String> OPERATOR_KINDS = Set.of("postgresql.cnpg.io/v1/Cluster",
			"databases.spotahome.com/v1/RedisFailover");

	static String readme;

	static String dockerfile;

	static String nginxDockerfile;

	static JsonNode compose;

	@BeforeAll
	static void readRepository() throws IOException {
		readme = Files.readString(Path.of("README.md"));
		dockerfile = Files.readString(Path.of("auth.Dockerfile"));
		nginxDockerfile = Files.readString(Path.of("nginx.Dockerfile"));
		compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker-compose.yml").toFile());
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/stage", "overlays/prod", "overlays/example-operators" })
	void rendersToValidObjectsThatAgreeWithTheRepository(String directory) throws Exception {
		List<HasMetadata> resources = Manifests.parse(kustomize(ROOT.resolve(directory)));

		assertThat(resources).extracting(Manifests::name)
			.contains("Deployment/auth", "Service/auth", "Ingress/auth", "Ingress/auth-login",
					"PodDisruptionBudget/auth", "HorizontalPodAutoscaler/auth", "NetworkPolicy/auth",
					"ConfigMap/auth-config", "ServiceAccount/auth")
			.doesNotHaveDuplicates();
		assertThat(resources.stream().flatMap(r -> Manifests.unknownFields(r).stream()))
			.as("fields the model does not know")
			.isEmpty();
		for (HasMetadata resource : resources) {
			if (resource instanceof GenericKubernetesResource) {
				assertThat(resource.getApiVersion() + "/" + resource.getKind())
					.as("a kind outside the Kubernetes model")
					.isIn(OPERATOR_KINDS);
				assertThat(directory).as("operator resources only in the example overlay")
					.endsWith("example-operators");
			}
		}
		assertThat(Manifests.policyViolations(resources)).as("policy").isEmpty();

		Deployment deployment = find(resources, Deployment.class, "auth");
		ConfigMap config = find(resources, ConfigMap.class, "auth-config");
		PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
		for (Container container : concat(pod.getInitContainers(), pod.getContainers())) {
			checkImage(container);
			checkEnvironment(container, config, pod);
		}
		Container auth = pod.getContainers().get(0);
		checkPortsAndProbes(auth);
		checkReferences(resources, deployment);
		checkRateLimits(resources);
		if (directory.endsWith("example-operators")) {
			checkOperators(resources, config);
		}
	}

	/** The image compose builds from auth.Dockerfile and the README names. */
	private static void checkImage(Container container) {
		String image = container.getImage();
		String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
		String composeImage = compose.path("services").path("auth").path("image").asText();
		assertThat(composeImage).startsWith(repository + ":");
		assertThat(compose.path("services").path("auth").path("build").path("dockerfile").asText())
			.isEqualTo("auth.Dockerfile");
		assertThat(readme).contains("`" + repository + ":${TAG}`");
	}

	/**
	 * Ports as auth.Dockerfile exposes them, probes on the paths of its healthcheck and
	 * the README.
	 */
	private static void checkPortsAndProbes(Container auth) {
		Matcher expose = Pattern.compile("(?m)^EXPOSE ([0-9 ]+)$").matcher(dockerfile);
		assertThat(expose.find()).as("EXPOSE in auth.Dockerfile").isTrue();
		Set<Integer> exposed = new TreeSet<>();
		for (String port : expose.group(1).trim().split(" +")) {
			exposed.add(Integer.parseInt(port));
		}
		Map<String, Integer> ports = new LinkedHashMap<>();
		for (ContainerPort port : auth.getPorts()) {
			ports.put(port.getName(), port.getContainerPort());
		}
		assertThat(new TreeSet<>(ports.values())).isEqualTo(exposed);
		assertThat(dockerfile).contains("SERVER_PORT=" + ports.get("http"));
		assertThat(ports.get("management")).isEqualTo(8081);
		assertThat(readme).contains("`AUTH_MANAGEMENT_PORT` | `" + ports.get("management") + "`");

		// the image's own healthcheck asks /readyz; the README names /livez and /readyz
		// as the probes
		assertThat(Path.of("docker/healthcheck")).content().contains("path=${1:-/readyz}");
		assertThat(readme).contains("`/livez` and `/readyz` are the orchestrator probes");
		assertThat(auth.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
		assertThat(auth.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
		assertThat(auth.getStartupProbe().getHttpGet().getPath()).isEqualTo("/livez");
		for (var probe : List.of(auth.getReadinessProbe(), auth.getLivenessProbe(), auth.getStartupProbe())) {
			assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
		}
	}

	/**
	 * Every variable is one the README documents (X_FILE: X); never X and X_FILE
	 * together; every X_FILE names a file a secret volume provides, by the names the
	 * compose stack gives them.
	 */
	private static void checkEnvironment(Container container, ConfigMap config, PodSpec pod) {
		Set<String> names = new HashSet<>();
		Map<String, String> files = new HashMap<>();
		for (EnvFromSource source : container.getEnvFrom() == null ? List.<EnvFromSource>of()
				: container.getEnvFrom()) {
			assertThat(source.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName());
			names.addAll(config.getData().keySet());
		}
		for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
			names.add(variable.getName());
			if (variable.getName().endsWith("_FILE")) {
				files.put(variable.getName(), variable.getValue());
			}
		}
		for (String name : names) {
			String documented = name.endsWith("_FILE") ? name.substring(0, name.length() - 5) : name;
			assertThat(Pattern.compile("(?<![A-Z0-9_])" + documented + "(?![A-Z0-9])").matcher(readme).find())
				.as(name + " documented in the README")
				.isTrue();
			if (name.endsWith("_FILE")) {
				assertThat(names).as("both " + documented + " and " + name).doesNotContain(documented);
			}
		}
		Set<String> composeSecrets = new HashSet<>();
		compose.path("secrets").fieldNames().forEachRemaining(composeSecrets::add);
		for (Map.Entry<String, String> file : files.entrySet()) {
			Path path = Path.of(file.getValue());
			VolumeMount mount = container.getVolumeMounts()
				.stream()
				.filter(m -> path.startsWith(m.getMountPath()))
				.findFirst()
				.orElseThrow(() -> new AssertionError(file + " is on no mounted volume of " + container.getName()));
			Volume volume = pod.getVolumes()
				.stream()
				.filter(v -> v.getName().equals(mount.getName()))
				.findFirst()
				.orElseThrow();
			String inVolume = Path.of(mount.getMountPath()).relativize(path).toString();
			if (volume.getSecret() != null) {
				// keys of a secret made outside: named like the compose stack's secret
				// files
				assertThat(volume.getSecret().getItems()).isNullOrEmpty();
				assertThat(composeSecrets).as(file.getKey() + ": a secret name of docker-compose.yml")
					.contains(inVolume);
				assertThat(mount.getMountPath()).isEqualTo("/run/secrets");
			}
			else {
				assertThat(volume.getProjected()).as(file.getKey() + " on a secret volume").isNotNull();
				Set<String> paths = new HashSet<>();
				for (VolumeProjection source : volume.getProjected().getSources()) {
					assertThat(source.getSecret()).as("projected sources are secrets").isNotNull();
					source.getSecret().getItems().forEach(item -> paths.add(item.getPath()));
				}
				assertThat(paths).as(file.getKey()).contains(inVolume);
			}
		}
	}

	/**
	 * Selectors find the pods, the autoscaler and the Ingresses find the Deployment and
	 * Service.
	 */
	private static void checkReferences(List<HasMetadata> resources, Deployment deployment) {
		Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
		Service service = find(resources, Service.class, "auth");
		assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
		assertThat(podLabels).containsAllEntriesOf(
				find(resources, PodDisruptionBudget.class, "auth").getSpec().getSelector().getMatchLabels());
		assertThat(podLabels).containsAllEntriesOf(
				find(resources, NetworkPolicy.class, "auth").getSpec().getPodSelector().getMatchLabels());
		HorizontalPodAutoscaler hpa = find(resources, HorizontalPodAutoscaler.class, "auth");
		assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
		assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2)
			.isLessThanOrEqualTo(deployment.getSpec().getReplicas());
		Set<String> containerPorts = new HashSet<>();
		deployment.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0)
			.getPorts()
			.forEach(port -> containerPorts.add(port.getName()));
		Set<String> servicePorts = new HashSet<>();
		for (ServicePort port : service.getSpec().getPorts()) {
			servicePorts.add(port.getName());
			assertThat(containerPorts).contains(port.getTargetPort().getStrVal());
		}
		for (Ingress ingress : all(resources, Ingress.class)) {
			for (var rule : ingress.getSpec().getRules()) {
				for (HTTPIngressPath path : rule.getHttp().getPaths()) {
					assertThat(path.getBackend().getService().getName()).isEqualTo("auth");
					// API and pages only: the management port is never routed
					assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http").isIn(servicePorts);
				}
			}
		}
	}

	/** The Ingress limits are those of the nginx image (nginx.Dockerfile's defaults). */
	private static void checkRateLimits(List<HasMetadata> resources) {
		int apiRate = perUnit(env(nginxDockerfile, "NGINX_API_RATE"), "r/s");
		int apiBurst = Integer.parseInt(env(nginxDockerfile, "NGINX_API_BURST"));
		int loginRate = perUnit(env(nginxDockerfile, "NGINX_LOGIN_RATE"), "r/m");
		Map<String, String> api = find(resources, Ingress.class, "auth").getMetadata().getAnnotations();
		assertThat(Integer.parseInt(api.get("nginx.ingress.kubernetes.io/limit-rps"))).isEqualTo(apiRate);
		assertThat(apiRate * Integer.parseInt(api.get("nginx.ingress.kubernetes.io/limit-burst-multiplier")))
			.isEqualTo(apiBurst);
		Ingress loginIngress = find(resources, Ingress.class, "auth-login");
		Map<String, String> login = loginIngress.getMetadata().getAnnotations();
		assertThat(Integer.parseInt(login.get("nginx.ingress.kubernetes.io/limit-rpm"))).isEqualTo(loginRate);
		assertThat(Integer.parseInt(login.get("nginx.ingress.kubernetes.io/limit-rps"))).isEqualTo(apiRate);
		Set<String> loginPaths = new TreeSet<>();
		loginIngress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
			assertThat(path.getPathType()).isEqualTo("Exact");
			loginPaths.add(path.getPath());
		}));
		Set<String> templatePaths = new TreeSet<>();
		Matcher limited = Pattern.compile("location = (\\S+) \\{\\s*\\n\\s*limit_req zone=login")
			.matcher(readTemplate());
		while (limited.find()) {
			templatePaths.add(limited.group(1));
		}
		assertThat(loginPaths).isEqualTo(templatePaths).isNotEmpty();
		assertThat(find(resources, Ingress.class, "auth").getSpec().getRules().get(0).getHost())
			.isEqualTo(loginIngress.getSpec().getRules().get(0).getHost());
	}

	/**
	 * The example's operator resources are highly available and the service points at
	 * them.
	 */
	private static void checkOperators(List<HasMetadata> resources, ConfigMap config) {
		GenericKubernetesResource cluster = all(resources, GenericKubernetesResource.class).stream()
			.filter(r -> r.getKind().equals("Cluster"))
			.findFirst()
			.orElseThrow();
		Map<String, Object> spec = cluster.get("spec");
		assertThat((Integer) spec.get("instances")).isGreaterThanOrEqualTo(3);
		assertThat((Integer) cluster.get("spec", "postgresql", "synchronous", "number")).isGreaterThanOrEqualTo(1);
		assertThat((String) cluster.get("spec", "bootstrap", "initdb", "database")).isEqualTo("auth");
		URI db = URI.create(config.getData().get("AUTH_DB_URL").substring("jdbc:".length()));
		assertThat(db.getHost()).isEqualTo(cluster.getMetadata().getName() + "-rw");
		assertThat(db.getPath()).isEqualTo("/auth");

		GenericKubernetesResource failover = all(resources, GenericKubernetesResource.class).stream()
			.filter(r -> r.getKind().equals("RedisFailover"))
			.findFirst()
			.orElseThrow();
		assertThat((Integer) failover.get("spec", "sentinel", "replicas")).isGreaterThanOrEqualTo(3);
		assertThat((Integer) failover.get("spec", "redis", "replicas")).isGreaterThanOrEqualTo(3);
		assertThat((List<Object>) failover.get("spec", "redis", "customConfig"))
			.contains("maxmemory-policy noeviction");
		String redis = config.getData().get("AUTH_REDIS_URL");
		assertThat(redis).startsWith("redis-sentinel://rfs-" + failover.getMetadata().getName() + ":26379")
			.endsWith("#mymaster");
	}

	private static String readTemplate() {
		try {
			return Files.readString(Path.of("config/nginx/templates/default.conf.template"));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String env(String dockerfile, String name) {
		Matcher matcher = Pattern.compile("\\b" + name + "=(\\S+)").matcher(dockerfile);
		assertThat(matcher.find()).as(name + " in the Dockerfile").isTrue();
		return matcher.group(1);
	}

	private static int perUnit(String rate, String unit) {
		assertThat(rate).endsWith(unit);
		return Integer.parseInt(rate.substring(0, rate.length() - unit.length()));
	}

	/**
	 * {@code kubectl kustomize DIR}; fails naming kubectl when it is missing or too old.
	 */
	static String kustomize(Path directory) throws IOException, InterruptedException {
		Path kubectl = Stream
			.of(System.getenv().getOrDefault("KUBECTL", ""), "/usr/bin/kubectl", "/usr/local/bin/kubectl")
			.filter(p -> !p.isBlank())
			.map(Path::of)
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"kubectl not found: scripts/test provides one (kustomize v5 is needed: kubectl 1.27 or later), "
							+ "or set KUBECTL to one"));
		Path out = Files.createTempFile(Path.of("target").toAbsolutePath(), "kustomize-", ".yaml");
		Process process = new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
			.redirectOutput(out.toFile())
			.redirectError(ProcessBuilder.Redirect.PIPE)
			.start();
		String errors = new String(process.getErrorStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new AssertionError(kubectl + " kustomize " + directory + " failed (this needs the kustomize of "
					+ "kubectl 1.27 or later):\n" + errors);
		}
		assertThat(errors).as("kustomize warnings").isBlank();
		return Files.readString(out);
	}

	private static <T extends HasMetadata> T find(List<HasMetadata> resources, Class<T> type, String name) {
		return all(resources, type).stream()
			.filter(r -> r.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
	}

	private static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
		return resources.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private static <T> List<T> concat(List<T> first, List<T> second) {
		List<T> all = new ArrayList<>(first == null ? List.of() : first);
		all.addAll(second == null ? List.of() : second);
		return all;
	}

}
