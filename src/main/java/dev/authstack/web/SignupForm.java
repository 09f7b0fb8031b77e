package dev.authstack.web;

import dev.authstack.account.SignupRequest;

/** The signup page's form: the profile fields plus the credentials. */
public class SignupForm extends ProfileForm {

	private String username = "";

	private String password;

	public SignupForm() {
		setEmail("");
	}

	/**
	 * Validated by turning it into the API's request, so pages and API share one set of
	 * rules.
	 */
	SignupRequest toRequest() {
		return new SignupRequest(username, getEmail(), password, getFirstName(), getLastName(), getAddress(),
				getLocality(), getState(), getCountry());
	}

	public String getUsername() {
		return username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	@Override
	public String toString() {
		return "SignupForm[username=" + username + "]";
	}

}
