package dev.authstack.web;

import dev.authstack.account.SignupRequest;

/** The signup page's form; validated by turning it into the API's {@link SignupRequest}. */
public class SignupForm {

	private String username = "";

	private String email = "";

	private String password;

	private String firstName;

	private String lastName;

	private String address;

	private String locality;

	private String state;

	private String country;

	SignupRequest toRequest() {
		return new SignupRequest(username, email, password, firstName, lastName, address, locality, state, country);
	}

	public String getUsername() {
		return username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getEmail() {
		return email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

	public String getPassword() {
		return password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public String getFirstName() {
		return firstName;
	}

	public void setFirstName(String firstName) {
		this.firstName = firstName;
	}

	public String getLastName() {
		return lastName;
	}

	public void setLastName(String lastName) {
		this.lastName = lastName;
	}

	public String getAddress() {
		return address;
	}

	public void setAddress(String address) {
		this.address = address;
	}

	public String getLocality() {
		return locality;
	}

	public void setLocality(String locality) {
		this.locality = locality;
	}

	public String getState() {
		return state;
	}

	public void setState(String state) {
		this.state = state;
	}

	public String getCountry() {
		return country;
	}

	public void setCountry(String country) {
		this.country = country;
	}

	@Override
	public String toString() {
		return "SignupForm[username=" + username + "]";
	}

}
