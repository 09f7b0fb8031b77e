package dev.authstack.auth;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Refresh tokens by their SHA-256; rotation itself is {@link RefreshRotation}'s one
 * statement.
 */
interface RefreshTokenRepository extends JpaRepository<RefreshToken, String> {

}
