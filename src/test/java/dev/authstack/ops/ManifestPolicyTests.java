package dev.authstack.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifest policy on the base Deployment as written (plain YAML, no kustomize
 * needed), and on broken copies of it: each rule must catch what it is there for.
 */
class ManifestPolicyTests {

	private static final Path DEPLOYMENT = Path.of("deploy/k8s/base/deployment.yaml");

	@Test
	void theBaseDeploymentPassesAndHasNoUnknownFields() throws IOException {
		List<HasMetadata> resources = Manifests.parse(Files.readString(DEPLOYMENT));

		assertThat(resources).singleElement().isInstanceOf(Deployment.class);
		assertThat(Manifests.policyViolations(resources)).isEmpty();
		assertThat(Manifests.unknownFields(resources.get(0))).isEmpty();
	}

	@Test
	void refusesAPrivilegedContainer() throws IOException {
		Deployment deployment = deployment();
		container(deployment).getSecurityContext().setPrivileged(true);

		assertThat(Manifests.policyViolations(List.of(deployment)))
			.containsExactly("Deployment/auth container auth: privileged");
	}

	@Test
	void refusesMissingProbes() throws IOException {
		Deployment deployment = deployment();
		container(deployment).setReadinessProbe(null);
		container(deployment).setLivenessProbe(null);

		assertThat(Manifests.policyViolations(List.of(deployment))).containsExactlyInAnyOrder(
				"Deployment/auth container auth: no readiness probe",
				"Deployment/auth container auth: no liveness probe");
	}

	@Test
	void refusesMissingResourceLimits() throws IOException {
		Deployment deployment = deployment();
		container(deployment).getResources().getLimits().remove("memory");
		deployment.getSpec().getTemplate().getSpec().getInitContainers().get(0).getResources().setLimits(null);

		assertThat(Manifests.policyViolations(List.of(deployment))).containsExactlyInAnyOrder(
				"Deployment/auth container auth: no memory limit", "Deployment/auth container migrate: no cpu limit",
				"Deployment/auth container migrate: no memory limit");
	}

	@Test
	void refusesRootAWritableRootFilesystemAndKeptCapabilities() throws IOException {
		Deployment deployment = deployment();
		deployment.getSpec().getTemplate().getSpec().getSecurityContext().setRunAsNonRoot(false);
		container(deployment).getSecurityContext().setReadOnlyRootFilesystem(false);
		container(deployment).getSecurityContext().getCapabilities().setDrop(List.of());
		container(deployment).getSecurityContext().setAllowPrivilegeEscalation(null);

		assertThat(Manifests.policyViolations(List.of(deployment))).containsExactlyInAnyOrder(
				"Deployment/auth container migrate: runAsNonRoot is not set",
				"Deployment/auth container auth: runAsNonRoot is not set",
				"Deployment/auth container auth: root filesystem is writable",
				"Deployment/auth container auth: capabilities not dropped (drop: [ALL])",
				"Deployment/auth container auth: allowPrivilegeEscalation is not false");
	}

	@Test
	void findsAMisspeltField() throws IOException {
		String yaml = Files.readString(DEPLOYMENT).replace("readinessProbe:", "readinesProbe:");
		List<HasMetadata> resources = Manifests.parse(yaml);

		assertThat(Manifests.unknownFields(resources.get(0)))
			.containsExactly("Deployment/auth: spec.template.spec.containers[0].readinesProbe");
		assertThat(Manifests.policyViolations(resources))
			.containsExactly("Deployment/auth container auth: no readiness probe");
	}

	private static Deployment deployment() throws IOException {
		return (Deployment) Manifests.parse(Files.readString(DEPLOYMENT)).get(0);
	}

	private static Container container(Deployment deployment) {
		return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
	}

}
