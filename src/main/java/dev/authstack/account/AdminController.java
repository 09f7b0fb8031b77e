package dev.authstack.account;

import dev.authstack.security.Caller;
import dev.authstack.system.PlainText;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Account administration; the security chain admits only tokens with the admin role. */
@RestController
@Validated
class AdminController {

	private final AccountService accounts;

	AdminController(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/api/v1/admin/users")
	UserPage list(@RequestParam(defaultValue = "") @PlainText String q,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		Page<AccountView> result = accounts.list(q, PageRequest.of(page, size));
		return new UserPage(result.getContent(), result.getNumber(), result.getSize(), result.getTotalElements(),
				result.getTotalPages());
	}

	@PatchMapping(path = "/api/v1/admin/users/{username}", consumes = MediaType.APPLICATION_JSON_VALUE)
	AccountView update(@PathVariable String username, @Valid @RequestBody AdminUpdate update, Caller admin) {
		return accounts.adminUpdate(username, update, admin.accountId(), admin.username());
	}

	record UserPage(List<AccountView> items, int page, int size, long totalItems, int totalPages) {
	}

}
