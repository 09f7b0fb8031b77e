/**
 * Mail: the outbox (written in the transaction of the change, delivered by a worker on
 * any replica, with retries), the SMTP transport (or {@code .eml} files where no SMTP
 * server is configured), templates and their message bundle, metrics and health. It knows
 * no feature: features register a {@link dev.authstack.mail.MailComposer} per kind of
 * message and say what a message holds when it is sent. The outbox table is reached over
 * the {@code database} module's data source, a bean it takes through Spring's JDBC
 * support and no type of that module.
 */
@ApplicationModule(displayName = "Mail", allowedDependencies = { "database" })
package dev.authstack.mail;

import org.springframework.modulith.ApplicationModule;
