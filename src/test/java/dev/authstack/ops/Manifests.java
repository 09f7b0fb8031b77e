package dev.authstack.ops;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Kubernetes manifests as typed objects (fabric8's model), and the policy every workload
 * in deploy/k8s must meet: no privileged or root containers, a read-only root filesystem,
 * every capability dropped, requests and limits for CPU and memory, and readiness and
 * liveness probes on every long-running container.
 */
final class Manifests {

	private static final KubernetesSerialization serialization = new KubernetesSerialization();

	private Manifests() {
	}

	/** Every document of a (multi-document) YAML stream, each as its Kubernetes type. */
	static List<HasMetadata> parse(String yaml) {
		Object parsed = serialization.unmarshal(yaml);
		List<HasMetadata> resources = new ArrayList<>();
		if (parsed instanceof Collection<?> documents) {
			for (Object document : documents) {
				resources.add((HasMetadata) document);
			}
		}
		else if (parsed instanceof HasMetadata single) {
			resources.add(single);
		}
		return resources;
	}

	static String name(HasMetadata resource) {
		return resource.getKind() + "/" + resource.getMetadata().getName();
	}

	/**
	 * Fields the model does not know (a misspelt {@code readinesProbe} is kept aside, not
	 * refused, by the parser): their paths, e.g.
	 * {@code Deployment/auth: spec.template.spec.foo}.
	 */
	static List<String> unknownFields(HasMetadata resource) {
		if (resource instanceof GenericKubernetesResource) {
			// a kind outside the model (an operator's): all of it is "unknown"; checked
			// by its own rules
			return List.of();
		}
		List<String> found = new ArrayList<>();
		walk(resource, "", found, new IdentityHashMap<>());
		return found.stream().map(path -> name(resource) + ": " + path).toList();
	}

	private static void walk(Object value, String path, List<String> found, Map<Object, Boolean> seen) {
		if (value == null || seen.put(value, true) != null) {
			return;
		}
		if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				walk(item, path + "[" + i++ + "]", found, seen);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> walk(item, path + "." + key, found, seen));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model") || value instanceof Quantity) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
				continue;
			}
			Object child;
			try {
				child = getter.invoke(value);
			}
			catch (ReflectiveOperationException ex) {
				continue;
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				if (child instanceof Map<?, ?> extra) {
					extra.keySet().forEach(key -> found.add((path.isEmpty() ? "" : path + ".") + key));
				}
				continue;
			}
			String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
			walk(child, path.isEmpty() ? field : path + "." + field, found, seen);
		}
	}

	/** The pod template of a workload, if the resource is one. */
	static Optional<PodSpec> podSpec(HasMetadata resource) {
		if (resource instanceof Deployment deployment) {
			return Optional.of(deployment.getSpec().getTemplate().getSpec());
		}
		if (resource instanceof StatefulSet set) {
			return Optional.of(set.getSpec().getTemplate().getSpec());
		}
		if (resource instanceof DaemonSet set) {
			return Optional.of(set.getSpec().getTemplate().getSpec());
		}
		if (resource instanceof Job job) {
			return Optional.of(job.getSpec().getTemplate().getSpec());
		}
		if (resource instanceof CronJob job) {
			return Optional.of(job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
		}
		if (resource instanceof io.fabric8.kubernetes.api.model.Pod pod) {
			return Optional.of(pod.getSpec());
		}
		return Optional.empty();
	}

	/** What the policy refuses in these resources; empty when all is well. */
	static List<String> policyViolations(List<HasMetadata> resources) {
		List<String> violations = new ArrayList<>();
		for (HasMetadata resource : resources) {
			Optional<PodSpec> spec = podSpec(resource);
			if (spec.isEmpty()) {
				continue;
			}
			boolean longRunning = resource instanceof Deployment || resource instanceof StatefulSet
					|| resource instanceof DaemonSet;
			check(name(resource), spec.get(), longRunning, violations);
		}
		return violations;
	}

	private static void check(String workload, PodSpec pod, boolean longRunning, List<String> violations) {
		if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
				|| Boolean.TRUE.equals(pod.getHostIPC())) {
			violations.add(workload + ": shares the node's network, PID or IPC namespace");
		}
		PodSecurityContext podSecurity = pod.getSecurityContext();
		boolean podNonRoot = podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
		List<Container> all = Stream
			.concat(nullSafe(pod.getInitContainers()).stream(), nullSafe(pod.getContainers()).stream())
			.toList();
		for (Container container : all) {
			boolean init = nullSafe(pod.getInitContainers()).contains(container);
			String where = workload + " container " + container.getName();
			SecurityContext security = container.getSecurityContext();
			if (security != null && Boolean.TRUE.equals(security.getPrivileged())) {
				violations.add(where + ": privileged");
			}
			boolean nonRoot = security != null && security.getRunAsNonRoot() != null ? security.getRunAsNonRoot()
					: podNonRoot;
			if (!nonRoot) {
				violations.add(where + ": runAsNonRoot is not set");
			}
			if (security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
				violations.add(where + ": allowPrivilegeEscalation is not false");
			}
			if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
				violations.add(where + ": root filesystem is writable");
			}
			if (security == null || security.getCapabilities() == null
					|| !nullSafe(security.getCapabilities().getDrop()).contains("ALL")) {
				violations.add(where + ": capabilities not dropped (drop: [ALL])");
			}
			if (security != null && security.getCapabilities() != null
					&& !nullSafe(security.getCapabilities().getAdd()).isEmpty()) {
				violations.add(where + ": adds capabilities " + security.getCapabilities().getAdd());
			}
			Map<String, Quantity> limits = container.getResources() == null ? null
					: container.getResources().getLimits();
			Map<String, Quantity> requests = container.getResources() == null ? null
					: container.getResources().getRequests();
			for (String resource : Set.of("cpu", "memory")) {
				if (limits == null || !limits.containsKey(resource)) {
					violations.add(where + ": no " + resource + " limit");
				}
				if (requests == null || !requests.containsKey(resource)) {
					violations.add(where + ": no " + resource + " request");
				}
			}
			if (longRunning && !init) {
				if (container.getReadinessProbe() == null) {
					violations.add(where + ": no readiness probe");
				}
				if (container.getLivenessProbe() == null) {
					violations.add(where + ": no liveness probe");
				}
			}
		}
	}

	private static <T> List<T> nullSafe(List<T> list) {
		return list == null ? List.of() : list;
	}

}
