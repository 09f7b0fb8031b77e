package dev.authstack.password;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bean Validation for a request that sets a password: the {@link PasswordPolicy},
 * reported on the {@code password} field, so API (problem+json {@code errors}) and pages
 * (field errors) show it like any other field rule. On a type implementing
 * {@link NewPassword}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AcceptablePassword.Validator.class)
public @interface AcceptablePassword {

	String message() default "is not an acceptable password";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** What the policy needs to know about the request. */
	interface NewPassword {

		String password();

		String username();

		String email();

	}

	/**
	 * Created by Spring's validator factory, which injects the policy bean; a validator
	 * built without Spring (plain Bean Validation in a unit test) uses the policy's
	 * defaults.
	 */
	final class Validator implements ConstraintValidator<AcceptablePassword, NewPassword> {

		private final PasswordPolicy policy;

		@Autowired
		public Validator(PasswordPolicy policy) {
			this.policy = policy;
		}

		public Validator() {
			this(PasswordPolicy.defaults());
		}

		@Override
		public boolean isValid(NewPassword request, ConstraintValidatorContext context) {
			if (request == null || request.password() == null) {
				// @NotNull on the field reports it
				return true;
			}
			return policy.problem(request.password(), request.username(), request.email()).map(message -> {
				context.disableDefaultConstraintViolation();
				context.buildConstraintViolationWithTemplate(escape(message))
					.addPropertyNode("password")
					.addConstraintViolation();
				return false;
			}).orElse(true);
		}

		/** Messages are templates: keep braces and dollars literal. */
		private static String escape(String message) {
			return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
		}

	}

}
