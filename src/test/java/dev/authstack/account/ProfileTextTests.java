package dev.authstack.account;

import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileTextTests {

	private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	private static final String LONGEST = "x".repeat(ProfileText.MAX_LENGTH);

	@Test
	void signupAndProfileChangeRefuseTheSameWithTheSameMessages() {
		String tooLong = LONGEST + "x";

		assertThat(problems(signup(tooLong, null))).containsExactly("firstName must be at most 128 characters");
		assertThat(problems(new ProfileUpdate(null, null, null, null, null, null, tooLong)))
			.containsExactly("country must be at most 128 characters");
		assertThat(problems(signup(null, "Main St\n1"))).containsExactly("address must not contain control characters");
		assertThat(problems(new ProfileUpdate(null, null, "Doe\u0000", null, null, null, null)))
			.containsExactly("lastName must not contain control characters");
	}

	@Test
	void acceptsTheLongestAndTheAbsent() {
		assertThat(problems(signup(LONGEST, LONGEST))).isEmpty();
		assertThat(problems(new ProfileUpdate(null, LONGEST, null, null, null, null, null))).isEmpty();
	}

	private static SignupRequest signup(String firstName, String address) {
		return new SignupRequest("alice", "a@example.com", "a long enough passphrase", firstName, null, address, null,
				null, null);
	}

	private List<String> problems(Object request) {
		return validator.validate(request)
			.stream()
			.map(ConstraintViolation.class::cast)
			.map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
			.sorted()
			.toList();
	}

}
