package dev.authstack.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import dev.authstack.account.Account;
import dev.authstack.account.AccountService;
import dev.authstack.account.AccountTakenException;
import dev.authstack.account.AccountView;
import dev.authstack.account.InvalidPasswordException;
import dev.authstack.account.ProfileUpdate;
import dev.authstack.account.SignupRequest;
import dev.authstack.auth.ClientInfo;
import dev.authstack.auth.InvalidCredentialsException;
import dev.authstack.auth.LoginService;
import dev.authstack.auth.SessionService;
import dev.authstack.auth.TokenService;
import dev.authstack.auth.security.WebSessionProperties;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The server-rendered pages. Signing in starts a session and sets its token as the session
 * cookie (HttpOnly, SameSite=Lax); the security chain reads it back on each request, checks it
 * against the revocation list like any token, and checks CSRF on every form.
 */
@Controller
class PageController {

	private final AccountService accounts;

	private final LoginService logins;

	private final SessionService sessions;

	private final WebSessionProperties session;

	private final Validator validator;

	PageController(AccountService accounts, LoginService logins, SessionService sessions,
			WebSessionProperties session, Validator validator) {
		this.accounts = accounts;
		this.logins = logins;
		this.sessions = sessions;
		this.session = session;
		this.validator = validator;
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
	String signup(@ModelAttribute("form") SignupForm form, BindingResult errors, HttpServletRequest request,
			HttpServletResponse response) {
		SignupRequest signup = form.toRequest();
		reject(validator.validate(signup), errors);
		if (errors.hasErrors()) {
			return "signup";
		}
		Account account;
		try {
			account = accounts.signup(signup);
		}
		catch (AccountTakenException ex) {
			errors.rejectValue(ex.field(), "taken", "is already taken");
			return "signup";
		}
		startSession(account, request, response);
		return "redirect:/account";
	}

	@GetMapping("/login")
	String loginForm(@RequestParam Optional<String> username, Model model) {
		model.addAttribute("username", username.orElse(""));
		return "login";
	}

	@PostMapping("/login")
	String login(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		try {
			Account account = logins.authenticate(username, password);
			startSession(account, request, response);
			return "redirect:/account";
		}
		catch (InvalidCredentialsException ex) {
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
			ex.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
			model.addAttribute("username", username);
			model.addAttribute("error", ex.getMessage());
			return "login";
		}
	}

	@PostMapping("/logout")
	String logout(@AuthenticationPrincipal Jwt token, HttpServletResponse response) {
		if (token != null) {
			sessions.logout(accountId(token), token.getClaimAsString("sid"));
		}
		endSession(response);
		return "redirect:/?signed-out";
	}

	@GetMapping("/account")
	String account(@AuthenticationPrincipal Jwt token, Model model, HttpServletResponse response) {
		Optional<AccountView> account = accounts.view(accountId(token));
		if (account.isEmpty()) {
			endSession(response);
			return "redirect:/login";
		}
		if (!model.containsAttribute("profile")) {
			model.addAttribute("profile", ProfileForm.of(account.get()));
		}
		model.addAttribute("account", account.get());
		model.addAttribute("sessions", sessions.list(accountId(token), token.getClaimAsString("sid")));
		return "account";
	}

	@PostMapping("/account/profile")
	String updateProfile(@AuthenticationPrincipal Jwt token, @ModelAttribute("profile") ProfileForm form,
			BindingResult errors, Model model, HttpServletResponse response) {
		ProfileUpdate update = form.toUpdate();
		reject(validator.validate(update), errors);
		if (!errors.hasErrors()) {
			try {
				accounts.updateProfile(accountId(token), update);
				return "redirect:/account?saved";
			}
			catch (AccountTakenException ex) {
				errors.rejectValue("email", "taken", "is already taken");
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return account(token, model, response);
	}

	@PostMapping("/account/password")
	String changePassword(@AuthenticationPrincipal Jwt token, @RequestParam(defaultValue = "") String currentPassword,
			@RequestParam(defaultValue = "") String newPassword, Model model, HttpServletResponse response) {
		if (newPassword.length() < 8 || newPassword.length() > 128) {
			model.addAttribute("passwordError", "New password must be 8 to 128 characters");
		}
		else {
			try {
				accounts.changePassword(accountId(token), currentPassword, newPassword, token.getClaimAsString("sid"));
				return "redirect:/account?password-changed";
			}
			catch (InvalidPasswordException ex) {
				model.addAttribute("passwordError", "Current password is incorrect");
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return account(token, model, response);
	}

	@PostMapping("/account/sessions/{id}/revoke")
	String revokeSession(@AuthenticationPrincipal Jwt token, @PathVariable String id, HttpServletResponse response) {
		sessions.revokeOwn(accountId(token), id);
		if (id.equals(token.getClaimAsString("sid"))) {
			endSession(response);
			return "redirect:/?signed-out";
		}
		return "redirect:/account?session-revoked";
	}

	@PostMapping("/account/delete")
	String delete(@AuthenticationPrincipal Jwt token, @RequestParam(defaultValue = "") String password,
			@RequestParam(defaultValue = "false") boolean confirm, Model model, HttpServletResponse response) {
		if (!confirm) {
			model.addAttribute("deleteError", "Tick the box to confirm that the account should be deleted");
		}
		else {
			try {
				accounts.delete(accountId(token), password);
				endSession(response);
				return "redirect:/?deleted";
			}
			catch (InvalidPasswordException ex) {
				model.addAttribute("deleteError", "Password is incorrect");
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return account(token, model, response);
	}

	private static <T> void reject(java.util.Set<ConstraintViolation<T>> violations, BindingResult errors) {
		for (ConstraintViolation<T> violation : violations) {
			errors.rejectValue(violation.getPropertyPath().toString(), "invalid", violation.getMessage());
		}
	}

	private static long accountId(Jwt token) {
		return Long.parseLong(token.getSubject());
	}

	private void startSession(Account account, HttpServletRequest request, HttpServletResponse response) {
		TokenService.AccessToken token = sessions.startPageSession(account, ClientInfo.of(request));
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(token.value(), token.expiresInSeconds()).toString());
	}

	private void endSession(HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("", 0).toString());
	}

	private ResponseCookie cookie(String value, long maxAge) {
		return ResponseCookie.from(session.cookieName(), value)
			.httpOnly(true)
			.secure(session.secureCookies())
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAge)
			.build();
	}

}
