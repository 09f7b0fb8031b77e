package dev.authstack.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;

import dev.authstack.AuthApplication;
import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AUTH_JWT_SIGNING_KEY_FILE: tokens signed by the operator's own key, published in the
 * JWKS.
 */
@ExtendWith(PostgresExtension.class)
class SigningKeyFileIT {

	@TempDir
	Path dir;

	@Test
	void signsWithThePemKeyAndPublishesItsPublicHalf() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes())
					.encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		Path keyFile = Files.writeString(dir.resolve("jwt.pem"), pem);

		try (ConfigurableApplicationContext app = start("--auth.jwt.signing-key-file=" + keyFile)) {
			Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
			String token = api.signupAndLogin(Accounts.uniqueName("pem"), Accounts.PASSWORD);
			String kid = JsonMapper.builder()
				.build()
				.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]))
				.get("kid")
				.asString();

			assertThat(kid).isEqualTo(app.getBean(SigningKeys.class).signingKey().computeThumbprint().toString());
			assertThat(api.get("/.well-known/jwks.json").json().get("keys").findValuesAsString("kid")).contains(kid);
			assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
		}
	}

	@Test
	void signsEs256WithAnEcPemKey() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
		java.security.KeyPair pair = generator.generateKeyPair();
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		Path keyFile = Files.writeString(dir.resolve("ec.pem"), pem);

		try (ConfigurableApplicationContext app = start("--auth.jwt.signing-key-file=" + keyFile)) {
			Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
			String token = api.signupAndLogin(Accounts.uniqueName("ecpem"), Accounts.PASSWORD);
			tools.jackson.databind.JsonNode header = JsonMapper.builder()
				.build()
				.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
			assertThat(header.get("alg").asString()).isEqualTo("ES256");
			// the published key is the file's public half
			java.security.interfaces.ECPublicKey published = com.nimbusds.jose.jwk.JWKSet
				.parse(api.get("/.well-known/jwks.json").body())
				.getKeyByKeyId(header.get("kid").asString())
				.toECKey()
				.toECPublicKey();
			assertThat(published.getW()).isEqualTo(((java.security.interfaces.ECPublicKey) pair.getPublic()).getW());
			assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
		}
	}

	@Test
	void refusesToStartOnAFileThatIsNotAPrivateKey() throws Exception {
		Path notAKey = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");

		assertThatThrownBy(() -> start("--auth.jwt.signing-key-file=" + notAKey).close())
			.hasStackTraceContaining("PKCS#8");
	}

	private static ConfigurableApplicationContext start(String keyFile) {
		return new SpringApplicationBuilder(AuthApplication.class).profiles("test")
			.run("--server.port=0", "--management.server.port=0", "--auth.db.url=" + PostgresServer.jdbcUrl(),
					"--auth.db.username=" + PostgresServer.username(), keyFile);
	}

}
