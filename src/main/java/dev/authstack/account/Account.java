package dev.authstack.account;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

/**
 * An account: the seed's columns plus roles and verification state. This entity is the
 * schema model the migration tool compares with the database; Flyway scripts own the DDL.
 */
@Entity
@Table(name = "accounts")
public class Account {

	public static final String STATUS_ACTIVE = "active";

	public static final String STATUS_DISABLED = "disabled";

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "first_name", length = ProfileText.MAX_LENGTH)
	private String firstName;

	@Column(name = "last_name", length = ProfileText.MAX_LENGTH)
	private String lastName;

	@Column(nullable = false, length = 254)
	private String email;

	@Column(nullable = false, length = 32)
	private String username;

	/**
	 * {@link Identifier#normalize} of the username: what lookups and uniqueness compare.
	 */
	@Column(name = "username_normalized", nullable = false, unique = true)
	private String usernameNormalized;

	/** {@link Identifier#normalize} of the email address. */
	@Column(name = "email_normalized", nullable = false, unique = true, length = 1024)
	private String emailNormalized;

	/** The Argon2id hash in PHC string format, never the password. */
	@Column(name = "password", nullable = false)
	private String passwordHash;

	@Column(name = "insert_time", nullable = false, updatable = false)
	private Instant insertTime;

	@Column(name = "update_time", nullable = false)
	private Instant updateTime;

	@Column(nullable = false, length = 16)
	private String status = STATUS_ACTIVE;

	@Column(length = ProfileText.MAX_LENGTH)
	private String address;

	@Column(length = ProfileText.MAX_LENGTH)
	private String locality;

	@Column(length = ProfileText.MAX_LENGTH)
	private String state;

	@Column(length = ProfileText.MAX_LENGTH)
	private String country;

	/** Comma-separated role names, e.g. {@code user,admin}. */
	@Column(nullable = false)
	private String roles = "user";

	@Column(name = "email_verified", nullable = false)
	private boolean emailVerified;

	protected Account() {
	}

	Account(String username, String email, String passwordHash) {
		this.username = username;
		this.email = email;
		this.passwordHash = passwordHash;
		this.insertTime = now();
		this.updateTime = this.insertTime;
	}

	/** The normalised names follow the names on every write, whoever changed them. */
	@PrePersist
	@PreUpdate
	void normalizeIdentifiers() {
		this.usernameNormalized = Identifier.normalize(username);
		this.emailNormalized = Identifier.normalize(email);
	}

	/**
	 * PostgreSQL keeps microseconds; so do we, so a re-read record equals the written
	 * one.
	 */
	private static Instant now() {
		return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
	}

	public Long getId() {
		return id;
	}

	public String getUsername() {
		return username;
	}

	public String getEmail() {
		return email;
	}

	public String getPasswordHash() {
		return passwordHash;
	}

	void setPasswordHash(String passwordHash) {
		this.passwordHash = passwordHash;
		this.updateTime = now();
	}

	public String getFirstName() {
		return firstName;
	}

	public String getLastName() {
		return lastName;
	}

	public String getAddress() {
		return address;
	}

	public String getLocality() {
		return locality;
	}

	public String getState() {
		return state;
	}

	public String getCountry() {
		return country;
	}

	public String getStatus() {
		return status;
	}

	public boolean isActive() {
		return STATUS_ACTIVE.equals(status);
	}

	public boolean isEmailVerified() {
		return emailVerified;
	}

	public Instant getInsertTime() {
		return insertTime;
	}

	public Instant getUpdateTime() {
		return updateTime;
	}

	public Set<String> getRoles() {
		return new LinkedHashSet<>(Arrays.asList(roles.split(",")));
	}

	public boolean hasRole(String role) {
		return getRoles().contains(role);
	}

	void setRoles(Set<String> roles) {
		this.roles = String.join(",", roles);
	}

	void setProfile(String firstName, String lastName, String address, String locality, String state, String country) {
		this.firstName = firstName;
		this.lastName = lastName;
		this.address = address;
		this.locality = locality;
		this.state = state;
		this.country = country;
	}

	void setEmail(String email) {
		this.email = email;
	}

	/** The address was shown to reach its owner (a mailed link was followed). */
	void markEmailVerified() {
		if (!emailVerified) {
			this.emailVerified = true;
			touch();
		}
	}

	void setStatus(String status) {
		this.status = status;
	}

	/** Marks a change for update_time. */
	void touch() {
		this.updateTime = now();
	}

}
