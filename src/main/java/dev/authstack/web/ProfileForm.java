package dev.authstack.web;

import dev.authstack.account.AccountView;
import dev.authstack.account.ProfileUpdate;

/**
 * The account page's profile form (and the profile part of the signup form); every field
 * is sent, so an empty one clears the value.
 */
public class ProfileForm {

	private String email;

	private String firstName;

	private String lastName;

	private String address;

	private String locality;

	private String state;

	private String country;

	static ProfileForm of(AccountView account) {
		ProfileForm form = new ProfileForm();
		form.email = account.email();
		form.firstName = account.firstName();
		form.lastName = account.lastName();
		form.address = account.address();
		form.locality = account.locality();
		form.state = account.state();
		form.country = account.country();
		return form;
	}

	ProfileUpdate toUpdate() {
		return new ProfileUpdate(email, blank(firstName), blank(lastName), blank(address), blank(locality),
				blank(state), blank(country));
	}

	private static String blank(String value) {
		return value == null ? "" : value;
	}

	public String getEmail() {
		return email;
	}

	public void setEmail(String email) {
		this.email = email;
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

}
