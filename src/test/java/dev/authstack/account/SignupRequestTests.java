package dev.authstack.account;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignupRequestTests {

	private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	@Test
	void normalisesUsernameAndBlankOptionalFields() {
		SignupRequest request = new SignupRequest("  Alice.W ", " a@example.com ", " pw with spaces ", " ", null, null,
				null, null, "NL");

		assertThat(request.username()).isEqualTo("alice.w");
		assertThat(request.email()).isEqualTo("a@example.com");
		assertThat(request.password()).isEqualTo(" pw with spaces ");
		assertThat(request.firstName()).isNull();
		assertThat(invalidFields(request)).isEmpty();
	}

	@Test
	void rejectsWhatTheRulesForbid() {
		assertThat(invalidFields(request("ab", "a@example.com", "long enough"))).containsExactly("username");
		assertThat(invalidFields(request("a b c", "a@example.com", "long enough"))).containsExactly("username");
		assertThat(invalidFields(request("abc", "a@example", "long enough"))).containsExactly("email");
		assertThat(invalidFields(request("abc", "a@example.com", "short"))).containsExactly("password");
		assertThat(invalidFields(request("abc", "a@example.com", null))).containsExactly("password");
	}

	@Test
	void toStringNeverShowsThePassword() {
		assertThat(request("abc", "a@example.com", "hunter2hunter2")).asString().doesNotContain("hunter2");
	}

	private static SignupRequest request(String username, String email, String password) {
		return new SignupRequest(username, email, password, null, null, null, null, null, null);
	}

	private Set<String> invalidFields(SignupRequest request) {
		return validator.validate(request)
			.stream()
			.map(ConstraintViolation::getPropertyPath)
			.map(Object::toString)
			.collect(Collectors.toSet());
	}

}
