package dev.authstack.auth;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.PageClient;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens that must not get in, each checked against one the service does accept. */
@IntegrationTest
class TokenValidationIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Autowired
	SigningKeys keys;

	Api api;

	String username;

	String subject;

	String sessionId;

	@BeforeEach
	void setUp() throws Exception {
		api = new Api(port);
		username = Accounts.uniqueName("tok");
		String token = api.signupAndLogin(username, Accounts.PASSWORD);
		subject = SignedJWT.parse(token).getJWTClaimsSet().getSubject();
		sessionId = SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("sid");
	}

	@Test
	void acceptsAWellFormedTokenSignedWithTheServiceKey() throws Exception {
		assertThat(status(sign(keys.signingKey(), claims().build()))).isEqualTo(200);
	}

	@Test
	void rejectsAnExpiredToken() throws Exception {
		Instant past = Instant.now().minusSeconds(120);
		JWTClaimsSet expired = claims().issueTime(Date.from(past.minusSeconds(900)))
			.notBeforeTime(Date.from(past.minusSeconds(900)))
			.expirationTime(Date.from(past))
			.build();
		assertThat(status(sign(keys.signingKey(), expired))).isEqualTo(401);
	}

	@Test
	void rejectsATokenWithoutExpiry() throws Exception {
		assertThat(status(sign(keys.signingKey(), claims().expirationTime(null).build()))).isEqualTo(401);
	}

	@Test
	void rejectsATokenWithoutOrWithAnUnknownSession() throws Exception {
		assertThat(status(sign(keys.signingKey(), claims().claim("sid", null).build()))).isEqualTo(401);
		assertThat(status(sign(keys.signingKey(), claims().claim("sid", "not-a-session").build()))).isEqualTo(401);
	}

	@Test
	void rejectsAnotherIssuerAndAnotherAudience() throws Exception {
		assertThat(status(sign(keys.signingKey(), claims().issuer("https://evil.example").build()))).isEqualTo(401);
		assertThat(status(sign(keys.signingKey(), claims().audience("someone-else").build()))).isEqualTo(401);
	}

	@Test
	void rejectsATamperedSignatureOrPayload() throws Exception {
		String token = sign(keys.signingKey(), claims().build());
		String[] parts = token.split("\\.");
		byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
		signature[10] ^= 0x01;
		String badSignature = parts[0] + "." + parts[1] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		assertThat(status(badSignature)).isEqualTo(401);

		String otherPayload = sign(keys.signingKey(), claims().claim("roles", List.of("user", "admin")).build())
			.split("\\.")[1];
		assertThat(status(parts[0] + "." + otherPayload + "." + parts[2])).isEqualTo(401);
	}

	@Test
	void rejectsAForeignKeyEvenUnderTheServiceKid() throws Exception {
		JWK foreign = keys.signingKey() instanceof ECKey
				? new ECKeyGenerator(Curve.P_256).keyID(keys.signingKey().getKeyID()).generate()
				: new RSAKeyGenerator(2048).keyID(keys.signingKey().getKeyID()).generate();
		assertThat(status(sign(foreign, claims().build()))).isEqualTo(401);
		// the other algorithm's key under the service's kid: no key of that kind is
		// published
		JWK otherKind = keys.signingKey() instanceof ECKey
				? new RSAKeyGenerator(2048).keyID(keys.signingKey().getKeyID()).generate()
				: new ECKeyGenerator(Curve.P_256).keyID(keys.signingKey().getKeyID()).generate();
		assertThat(status(sign(otherKind, claims().build()))).isEqualTo(401);
	}

	@Test
	void rejectsAlgNoneAndHmac() throws Exception {
		String header = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
		String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims().build().toString().getBytes());
		assertThat(status(header + "." + payload + ".")).isEqualTo(401);

		SignedJWT hmac = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.signingKey().getKeyID()).build(),
				claims().build());
		hmac.sign(new MACSigner(((AsymmetricJWK) keys.signingKey()).toPublicKey().getEncoded()));
		assertThat(status(hmac.serialize())).isEqualTo(401);
	}

	@Test
	void rejectsGarbageAndMissingTokens() {
		assertThat(status("not-a-token")).isEqualTo(401);
		Api.Response anonymous = api.get("/api/v1/users/" + username);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.contentType()).startsWith("application/problem+json");
		assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void rejectsAMissingOrNonNumericSubjectAs401() throws Exception {
		assertThat(status(sign(keys.signingKey(), claims().subject(null).build()))).isEqualTo(401);
		assertThat(status(sign(keys.signingKey(), claims().subject("alice").build()))).isEqualTo(401);
		assertThat(status(sign(keys.signingKey(), claims().subject("12345678901234567890").build()))).isEqualTo(401);
	}

	@Test
	void rejectsASubjectThatIsNotTheSessionsAccount() throws Exception {
		String other = api.signupAndLogin(Accounts.uniqueName("tokother"), Accounts.PASSWORD);
		String otherSubject = SignedJWT.parse(other).getJWTClaimsSet().getSubject();
		assertThat(status(sign(keys.signingKey(), claims().subject(otherSubject).build()))).isEqualTo(401);
	}

	@Test
	void authorizesFromTheAccountNotFromTheRolesClaim() throws Exception {
		String claimsAdmin = sign(keys.signingKey(), claims().claim("roles", List.of("user", "admin")).build());
		assertThat(status(claimsAdmin)).isEqualTo(200);
		assertThat(api.get("/api/v1/admin/users", claimsAdmin).status()).isEqualTo(403);
	}

	@Test
	void rejectsAPageSessionTokenAsABearerToken() {
		PageClient browser = new PageClient(port);
		String cookie = browser.signIn(username, Accounts.PASSWORD);
		assertThat(PageClient.getWithCookie(port, "/account", cookie).statusCode()).isEqualTo(200);

		assertThat(status(cookie)).isEqualTo(401);
		assertThat(api.get("/api/v1/me", cookie).status()).isEqualTo(401);
	}

	@Test
	void rejectsAnApiTokenAsThePageCookie() {
		String token = api.login(username, Accounts.PASSWORD);
		assertThat(status(token)).isEqualTo(200);

		HttpResponse<String> page = PageClient.getWithCookie(port, "/account", token);
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login");
	}

	@Test
	void rejectsATokenWhoseTypeIsNotAnAccessToken() throws Exception {
		assertThat(status(sign(keys.signingKey(), claims().build(), JOSEObjectType.JWT))).isEqualTo(401);
		assertThat(status(sign(keys.signingKey(), claims().build(), null))).isEqualTo(401);
		assertThat(status(sign(keys.signingKey(), claims().build(), new JOSEObjectType("authstack-page+jwt"))))
			.isEqualTo(401);
	}

	@Test
	void neverTakesARefreshTokenForAnAccessTokenOrTheReverse() {
		JsonNode login = api.post("/api/v1/login", Map.of("username", username, "password", Accounts.PASSWORD)).json();
		String access = login.get("access_token").asString();
		String refresh = login.get("refresh_token").asString();

		assertThat(status(refresh)).isEqualTo(401);
		assertThat(api.post("/api/v1/token/refresh", Map.of("refresh_token", access)).status()).isIn(400, 401);
		assertThat(api.post("/api/v1/token/refresh", Map.of("refresh_token", refresh)).status()).isEqualTo(200);
	}

	private JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer("authstack")
			.audience("authstack")
			.subject(subject)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString())
			.claim("preferred_username", username)
			.claim("roles", List.of("user"))
			.claim("sid", sessionId);
	}

	private static String sign(JWK key, JWTClaimsSet claims) throws Exception {
		return sign(key, claims, new JOSEObjectType("at+jwt"));
	}

	/**
	 * Signed as the service signs with a key of this kind: ES256 for EC keys, RS256 for
	 * RSA.
	 */
	private static String sign(JWK key, JWTClaimsSet claims, JOSEObjectType type) throws Exception {
		boolean ec = key instanceof ECKey;
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(ec ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256).keyID(key.getKeyID())
					.type(type)
					.build(),
				claims);
		jwt.sign(ec ? new ECDSASigner((ECKey) key) : new RSASSASigner((RSAKey) key));
		return jwt.serialize();
	}

	private int status(String token) {
		return api.get("/api/v1/users/" + username, token).status();
	}

}
