package dev.authstack.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import dev.authstack.account.Account;
import dev.authstack.account.AccountService;
import dev.authstack.account.AccountTakenException;
import dev.authstack.account.AccountView;
import dev.authstack.account.SignupRequest;
import dev.authstack.auth.InvalidCredentialsException;
import dev.authstack.auth.LoginService;
import dev.authstack.auth.TokenService;
import dev.authstack.system.WebSessionProperties;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The server-rendered pages. Signing in sets the session cookie (the access token, HttpOnly,
 * SameSite=Lax); the security chain reads it back on each request and checks CSRF on forms.
 */
@Controller
class PageController {

	private final AccountService accounts;

	private final LoginService logins;

	private final TokenService tokens;

	private final WebSessionProperties session;

	private final Validator validator;

	PageController(AccountService accounts, LoginService logins, TokenService tokens, WebSessionProperties session,
			Validator validator) {
		this.accounts = accounts;
		this.validator = validator;
		this.logins = logins;
		this.tokens = tokens;
		this.session = session;
	}

	@GetMapping("/")
	String index(@AuthenticationPrincipal Jwt token, Model model) {
		model.addAttribute("username", token == null ? null : token.getClaimAsString("preferred_username"));
		return "index";
	}

	@GetMapping("/signup")
	String signupForm(Model model) {
		model.addAttribute("form", new SignupForm());
		return "signup";
	}

	@PostMapping("/signup")
	String signup(@ModelAttribute("form") SignupForm form, BindingResult errors, HttpServletResponse response) {
		SignupRequest request = form.toRequest();
		for (ConstraintViolation<SignupRequest> violation : validator.validate(request)) {
			errors.rejectValue(violation.getPropertyPath().toString(), "invalid", violation.getMessage());
		}
		if (errors.hasErrors()) {
			return "signup";
		}
		Account account;
		try {
			account = accounts.signup(request);
		}
		catch (AccountTakenException ex) {
			errors.rejectValue(ex.field(), "taken", "is already taken");
			return "signup";
		}
		startSession(account, response);
		return "redirect:/account";
	}

	@GetMapping("/login")
	String loginForm(@RequestParam Optional<String> username, Model model) {
		model.addAttribute("username", username.orElse(""));
		return "login";
	}

	@PostMapping("/login")
	String login(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
			HttpServletResponse response, Model model) {
		try {
			Account account = logins.authenticate(username, password);
			startSession(account, response);
			return "redirect:/account";
		}
		catch (InvalidCredentialsException ex) {
			model.addAttribute("username", username);
			model.addAttribute("error", ex.getMessage());
			return "login";
		}
	}

	@GetMapping("/account")
	String account(@AuthenticationPrincipal Jwt token, Model model, HttpServletResponse response) {
		Optional<Account> account = accounts.findById(Long.parseLong(token.getSubject()));
		if (account.isEmpty()) {
			endSession(response);
			return "redirect:/login";
		}
		model.addAttribute("account", AccountView.of(account.get()));
		return "account";
	}

	private void startSession(Account account, HttpServletResponse response) {
		TokenService.AccessToken token = tokens.issue(account);
		ResponseCookie cookie = ResponseCookie.from(session.cookieName(), token.value())
			.httpOnly(true)
			.secure(session.secureCookies())
			.sameSite("Lax")
			.path("/")
			.maxAge(token.expiresInSeconds())
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

	private void endSession(HttpServletResponse response) {
		ResponseCookie cookie = ResponseCookie.from(session.cookieName(), "")
			.httpOnly(true)
			.secure(session.secureCookies())
			.sameSite("Lax")
			.path("/")
			.maxAge(0)
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

}
