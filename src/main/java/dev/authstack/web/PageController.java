package dev.authstack.web;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import dev.authstack.account.Account;
import dev.authstack.account.AccountService;
import dev.authstack.account.AccountTakenException;
import dev.authstack.account.AccountView;
import dev.authstack.account.EmailChange;
import dev.authstack.account.EmailNotVerifiedException;
import dev.authstack.account.EmailVerification;
import dev.authstack.account.InvalidPasswordException;
import dev.authstack.account.ProfileUpdate;
import dev.authstack.account.SignupRequest;
import dev.authstack.account.TooManyMailRequestsException;
import dev.authstack.auth.ClientInfo;
import dev.authstack.auth.InvalidCredentialsException;
import dev.authstack.auth.LoginService;
import dev.authstack.auth.SessionService;
import dev.authstack.auth.TokenService;
import dev.authstack.password.PasswordHashingBusyException;
import dev.authstack.password.TooManyPasswordAttemptsException;
import dev.authstack.password.UnacceptablePasswordException;
import dev.authstack.security.Caller;
import dev.authstack.security.SessionCookie;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The server-rendered pages. Signing in starts a session and sets its token as the
 * session cookie (HttpOnly, SameSite=Lax); the security chain reads it back on each
 * request, checks it against the revocation list like any token, and checks CSRF on every
 * form.
 */
@Controller
class PageController {

	private static final Pattern PLAIN_TEXT = Pattern.compile("[^\\p{Cntrl}]*");

	private final AccountService accounts;

	private final LoginService logins;

	private final SessionService sessions;

	private final SessionCookie cookie;

	private final Validator validator;

	private final EmailVerification verification;

	private final EmailChange emailChange;

	PageController(AccountService accounts, LoginService logins, SessionService sessions, SessionCookie cookie,
			Validator validator, EmailVerification verification, EmailChange emailChange) {
		this.accounts = accounts;
		this.logins = logins;
		this.sessions = sessions;
		this.cookie = cookie;
		this.validator = validator;
		this.verification = verification;
		this.emailChange = emailChange;
	}

	@GetMapping("/")
	String index(Optional<Caller> caller, Model model) {
		model.addAttribute("username", caller.map(Caller::username).orElse(null));
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
		catch (PasswordHashingBusyException ex) {
			busy(response, ex.retryAfterSeconds());
			errors.reject("busy", ex.getMessage());
			return "signup";
		}
		if (verification.required()) {
			// no session before the address is verified
			return "redirect:/login?verify-sent";
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
		if (!PLAIN_TEXT.matcher(username).matches()) {
			// the API's rule (@PlainText on its login request): no account has such a
			// name
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("username", "");
			model.addAttribute("error", "Username or email must not contain control characters");
			return "login";
		}
		try {
			Account account = logins.authenticate(username, password);
			startSession(account, request, response);
			return "redirect:/account";
		}
		catch (EmailNotVerifiedException ex) {
			response.setStatus(HttpStatus.FORBIDDEN.value());
			model.addAttribute("username", username);
			model.addAttribute("unverified", ex.getMessage());
			return "login";
		}
		catch (InvalidCredentialsException ex) {
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
			ex.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
			model.addAttribute("username", username);
			model.addAttribute("error", ex.getMessage());
			return "login";
		}
		catch (PasswordHashingBusyException ex) {
			busy(response, ex.retryAfterSeconds());
			model.addAttribute("username", username);
			model.addAttribute("error", ex.getMessage());
			return "login";
		}
	}

	@PostMapping("/logout")
	String logout(Optional<Caller> caller, HttpServletResponse response) {
		caller.ifPresent(signedIn -> sessions.logout(signedIn.accountId(), signedIn.sessionId()));
		endSession(response);
		return "redirect:/?signed-out";
	}

	@GetMapping("/account")
	String account(Caller caller, Model model, HttpServletResponse response) {
		Optional<AccountView> account = accounts.view(caller.accountId());
		if (account.isEmpty()) {
			endSession(response);
			return "redirect:/login";
		}
		if (!model.containsAttribute("profile")) {
			model.addAttribute("profile", ProfileForm.of(account.get()));
		}
		model.addAttribute("account", account.get());
		model.addAttribute("verificationEnabled", verification.enabled());
		model.addAttribute("sessions", sessions.list(caller.accountId(), caller.sessionId()));
		return "account";
	}

	@PostMapping("/account/profile")
	String updateProfile(Caller caller, @ModelAttribute("profile") ProfileForm form, BindingResult errors, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		ProfileUpdate update = form.toUpdate();
		reject(validator.validate(update), errors);
		if (!errors.hasErrors()) {
			try {
				// a new address is confirmed from its inbox before it replaces the old
				// one
				EmailChange.Result email = emailChange.request(caller.accountId(), update.email(),
						request.getRemoteAddr());
				accounts.updateProfile(caller.accountId(), update.withoutEmail());
				return email == EmailChange.Result.PENDING ? "redirect:/account?email-change-sent"
						: "redirect:/account?saved";
			}
			catch (TooManyMailRequestsException ex) {
				errors.rejectValue("email", "throttled", "too many changes asked for; try again later");
			}
			catch (AccountTakenException ex) {
				errors.rejectValue("email", "taken", "is already taken");
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return account(caller, model, response);
	}

	/**
	 * The new password's rules are the API's (the password module's policy, applied by
	 * the service).
	 */
	@PostMapping("/account/password")
	String changePassword(Caller caller, @RequestParam(defaultValue = "") String currentPassword,
			@RequestParam(defaultValue = "") String newPassword, Model model, HttpServletResponse response) {
		try {
			accounts.changePassword(caller.accountId(), currentPassword, newPassword, caller.sessionId().toString());
			return "redirect:/account?password-changed";
		}
		catch (UnacceptablePasswordException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("passwordError", "New password " + ex.reason());
		}
		catch (InvalidPasswordException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("passwordError", "Current password is incorrect");
		}
		catch (TooManyPasswordAttemptsException ex) {
			tooManyAttempts(response, ex);
			model.addAttribute("passwordError", tooManyAttemptsMessage(ex));
		}
		catch (PasswordHashingBusyException ex) {
			busy(response, ex.retryAfterSeconds());
			model.addAttribute("passwordError", ex.getMessage());
		}
		return account(caller, model, response);
	}

	@PostMapping("/account/sessions/{id}/revoke")
	String revokeSession(Caller caller, @PathVariable String id, HttpServletResponse response) {
		sessions.revokeOwn(caller.accountId(), id);
		if (id.equals(caller.sessionId().toString())) {
			endSession(response);
			return "redirect:/?signed-out";
		}
		return "redirect:/account?session-revoked";
	}

	@PostMapping("/account/delete")
	String delete(Caller caller, @RequestParam(defaultValue = "") String password,
			@RequestParam(defaultValue = "false") boolean confirm, Model model, HttpServletResponse response) {
		if (!confirm) {
			model.addAttribute("deleteError", "Tick the box to confirm that the account should be deleted");
		}
		else {
			try {
				accounts.delete(caller.accountId(), password);
				endSession(response);
				return "redirect:/?deleted";
			}
			catch (InvalidPasswordException ex) {
				model.addAttribute("deleteError", "Password is incorrect");
			}
			catch (TooManyPasswordAttemptsException ex) {
				tooManyAttempts(response, ex);
				model.addAttribute("deleteError", tooManyAttemptsMessage(ex));
				return account(caller, model, response);
			}
			catch (PasswordHashingBusyException ex) {
				busy(response, ex.retryAfterSeconds());
				model.addAttribute("deleteError", ex.getMessage());
				return account(caller, model, response);
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return account(caller, model, response);
	}

	private static void tooManyAttempts(HttpServletResponse response, TooManyPasswordAttemptsException ex) {
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader("Retry-After", Long.toString(ex.retryAfterSeconds()));
	}

	private static String tooManyAttemptsMessage(TooManyPasswordAttemptsException ex) {
		return "Too many wrong passwords; try again in " + ex.retryAfterSeconds() + " s";
	}

	private static void busy(HttpServletResponse response, long retryAfterSeconds) {
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
	}

	private static <T> void reject(java.util.Set<ConstraintViolation<T>> violations, BindingResult errors) {
		for (ConstraintViolation<T> violation : violations) {
			errors.rejectValue(violation.getPropertyPath().toString(), "invalid", violation.getMessage());
		}
	}

	private void startSession(Account account, HttpServletRequest request, HttpServletResponse response) {
		TokenService.AccessToken token = sessions.startPageSession(account, ClientInfo.of(request));
		cookie.write(response, token.value(), Duration.ofSeconds(token.expiresInSeconds()));
	}

	private void endSession(HttpServletResponse response) {
		cookie.clear(response);
	}

}
