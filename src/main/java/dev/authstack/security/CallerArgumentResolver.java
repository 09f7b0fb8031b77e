package dev.authstack.security;

import java.util.Optional;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves {@link Caller} and {@code Optional<Caller>} controller parameters. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.nestedIfOptional().getNestedParameterType() == Caller.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
			WebDataBinderFactory binders) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Optional<Caller> caller = authentication != null && authentication.getPrincipal() instanceof Caller found
				? Optional.of(found) : Optional.empty();
		if (parameter.getParameterType() == Optional.class) {
			return caller;
		}
		// the chains admit only signed-in callers to routes that take a Caller
		return caller.orElseThrow(() -> new AuthenticationCredentialsNotFoundException("Not signed in"));
	}

}
