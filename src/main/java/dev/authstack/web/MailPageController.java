package dev.authstack.web;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import dev.authstack.account.AccountDisabledException;
import dev.authstack.account.AccountTakenException;
import dev.authstack.account.EmailAddress;
import dev.authstack.account.EmailChange;
import dev.authstack.account.EmailVerification;
import dev.authstack.account.InvalidFieldException;
import dev.authstack.account.InvalidTokenException;
import dev.authstack.account.PasswordReset;
import dev.authstack.account.TooManyMailRequestsException;
import dev.authstack.password.UnacceptablePasswordException;
import dev.authstack.security.Caller;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages mailed links lead to, and the forms that send mail. A link carries its token
 * in the fragment ({@code /reset-password#token=...}): the browser never sends it with
 * the GET, a small script puts it into the form, and the form POSTs it, so it is in no
 * URL that a log, a proxy or a Referer sees. Every answer here says
 * {@code Referrer-Policy: no-referrer} and {@code Cache-Control: no-store}.
 */
@Controller
class MailPageController {

	private final PasswordReset reset;

	private final EmailVerification verification;

	private final EmailChange change;

	private final Validator validator;

	MailPageController(PasswordReset reset, EmailVerification verification, EmailChange change, Validator validator) {
		this.reset = reset;
		this.verification = verification;
		this.change = change;
		this.validator = validator;
	}

	@GetMapping("/forgot-password")
	String forgotForm(Model model, HttpServletResponse response) {
		noReferrer(response);
		model.addAttribute("email", "");
		return "forgot-password";
	}

	@PostMapping("/forgot-password")
	String forgot(@RequestParam(defaultValue = "") String email, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		noReferrer(response);
		String address = email.strip();
		model.addAttribute("email", address);
		String invalid = invalidAddress(address);
		if (invalid != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("error", "Email " + invalid);
			return "forgot-password";
		}
		try {
			reset.forgot(address, request.getRemoteAddr());
		}
		catch (TooManyMailRequestsException ex) {
			return tooMany(ex, model, response, "forgot-password");
		}
		catch (PasswordReset.DisabledException ex) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			model.addAttribute("error", "Password reset is not enabled on this service");
			return "forgot-password";
		}
		model.addAttribute("sent", true);
		return "forgot-password";
	}

	@GetMapping("/reset-password")
	String resetForm(HttpServletResponse response) {
		noReferrer(response);
		return "reset-password";
	}

	@PostMapping("/reset-password")
	String reset(@RequestParam(defaultValue = "") String token, @RequestParam(defaultValue = "") String newPassword,
			Model model, HttpServletResponse response) {
		noReferrer(response);
		try {
			reset.reset(token, newPassword);
			return "redirect:/login?password-reset";
		}
		catch (InvalidFieldException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			// the token stays in the form (in the page body, never in a URL) for the next
			// try
			model.addAttribute("token", token);
			model.addAttribute("passwordError", "New password " + ex.reason());
			return "reset-password";
		}
		catch (UnacceptablePasswordException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("token", token);
			model.addAttribute("passwordError", "New password " + ex.reason());
			return "reset-password";
		}
		catch (InvalidTokenException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("linkError", ex.getMessage());
			return "reset-password";
		}
		catch (AccountDisabledException ex) {
			response.setStatus(HttpStatus.FORBIDDEN.value());
			model.addAttribute("linkError", ex.getMessage());
			return "reset-password";
		}
	}

	@GetMapping("/verify-email")
	String verifyForm(Model model, HttpServletResponse response) {
		noReferrer(response);
		return link(model, Link.VERIFY);
	}

	@PostMapping("/verify-email")
	String verify(@RequestParam(defaultValue = "") String token, Model model, HttpServletResponse response) {
		noReferrer(response);
		try {
			verification.verify(token);
			model.addAttribute("done", true);
		}
		catch (InvalidTokenException ex) {
			linkFailed(ex, HttpStatus.BAD_REQUEST, model, response);
		}
		return link(model, Link.VERIFY);
	}

	/**
	 * A new verification link, asked for from the sign-in page (signed out, by address).
	 */
	@PostMapping("/verify-email/resend")
	String resend(@RequestParam(defaultValue = "") String email, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		noReferrer(response);
		String address = email.strip();
		String invalid = invalidAddress(address);
		if (invalid != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("error", "Email " + invalid);
			return "verification-sent";
		}
		try {
			verification.resend(address, request.getRemoteAddr());
		}
		catch (TooManyMailRequestsException ex) {
			return tooMany(ex, model, response, "verification-sent");
		}
		model.addAttribute("email", address);
		return "verification-sent";
	}

	/** A new verification link for the signed-in account's own address. */
	@PostMapping("/account/verification")
	String resendToAccount(Caller caller, HttpServletRequest request, HttpServletResponse response) {
		try {
			verification.resendToAccount(caller.accountId(), request.getRemoteAddr());
			return "redirect:/account?verification-sent";
		}
		catch (TooManyMailRequestsException ex) {
			return "redirect:/account?too-many-requests";
		}
	}

	@GetMapping("/confirm-email")
	String confirmForm(Model model, HttpServletResponse response) {
		noReferrer(response);
		return link(model, Link.CONFIRM_CHANGE);
	}

	@PostMapping("/confirm-email")
	String confirm(@RequestParam(defaultValue = "") String token, Model model, HttpServletResponse response) {
		noReferrer(response);
		try {
			change.confirm(token);
			model.addAttribute("done", true);
		}
		catch (InvalidTokenException ex) {
			linkFailed(ex, HttpStatus.BAD_REQUEST, model, response);
		}
		catch (AccountDisabledException ex) {
			linkFailed(ex, HttpStatus.FORBIDDEN, model, response);
		}
		catch (AccountTakenException ex) {
			linkFailed(ex, HttpStatus.CONFLICT, model, response);
		}
		return link(model, Link.CONFIRM_CHANGE);
	}

	@GetMapping("/undo-email-change")
	String undoForm(Model model, HttpServletResponse response) {
		noReferrer(response);
		return link(model, Link.UNDO_CHANGE);
	}

	@PostMapping("/undo-email-change")
	String undo(@RequestParam(defaultValue = "") String token, Model model, HttpServletResponse response) {
		noReferrer(response);
		try {
			change.undo(token);
			model.addAttribute("done", true);
		}
		catch (InvalidTokenException ex) {
			linkFailed(ex, HttpStatus.BAD_REQUEST, model, response);
		}
		catch (AccountTakenException ex) {
			linkFailed(ex, HttpStatus.CONFLICT, model, response);
		}
		return link(model, Link.UNDO_CHANGE);
	}

	/** The three pages that only confirm a link: what they say, where their form goes. */
	enum Link {

		VERIFY("Confirm your email address", "Confirm that this address is yours.", "Confirm my address",
				"/verify-email", "Your email address is verified."),
		CONFIRM_CHANGE("Confirm your new email address", "Confirm that this address should become your account's.",
				"Confirm the new address", "/confirm-email", "Your account now uses this email address."),
		UNDO_CHANGE("Undo the email change",
				"Give your account its previous address back. Every session of the " + "account is signed out.",
				"Undo the change", "/undo-email-change",
				"The change is undone: your account has its previous address again and every session was signed "
						+ "out. If you did not make the change, reset your password now.");

		final String title;

		final String text;

		final String button;

		final String action;

		final String done;

		Link(String title, String text, String button, String action, String done) {
			this.title = title;
			this.text = text;
			this.button = button;
			this.action = action;
			this.done = done;
		}

		// read by the template

		public String getTitle() {
			return title;
		}

		public String getText() {
			return text;
		}

		public String getButton() {
			return button;
		}

		public String getAction() {
			return action;
		}

		public String getDone() {
			return done;
		}

	}

	private static String link(Model model, Link link) {
		model.addAttribute("link", link);
		return "mail-link";
	}

	private static void linkFailed(RuntimeException ex, HttpStatus status, Model model, HttpServletResponse response) {
		response.setStatus(status.value());
		model.addAttribute("linkError", ex.getMessage());
	}

	private static String tooMany(TooManyMailRequestsException ex, Model model, HttpServletResponse response,
			String view) {
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
		model.addAttribute("error",
				"Too many requests for mail; try again in " + Math.max(1, ex.retryAfter().toMinutes()) + " minutes");
		return view;
	}

	/**
	 * Null when the address is acceptable (the API's rules), else what is wrong with it.
	 */
	private String invalidAddress(String address) {
		Set<ConstraintViolation<EmailAddress>> violations = validator.validate(new EmailAddress(address));
		return violations.isEmpty() ? null : violations.iterator().next().getMessage();
	}

	/**
	 * These pages carry tokens in their forms: no Referer from them, no copy in a cache.
	 */
	private static void noReferrer(HttpServletResponse response) {
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
	}

}
