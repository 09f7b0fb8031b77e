package dev.authstack.account;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Size;

import dev.authstack.system.PlainText;

/**
 * The rule of every optional profile field (first and last name, address, locality,
 * state, country), wherever one is set: at most {@value #MAX_LENGTH} characters (the
 * column's width), one line of text. Each part reports its own message, as when they were
 * written out per field. Null is valid.
 */
@Size(max = ProfileText.MAX_LENGTH, message = "must be at most " + ProfileText.MAX_LENGTH + " characters")
@PlainText
@Constraint(validatedBy = {})
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
		ElementType.TYPE_USE })
public @interface ProfileText {

	/** Also the width of the {@link Account} columns. */
	int MAX_LENGTH = 128;

	String message() default "is not a valid profile field";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
