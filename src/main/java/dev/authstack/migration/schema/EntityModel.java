package dev.authstack.migration.schema;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.persistence.Converter;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.MappedSuperclass;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl;
import org.hibernate.boot.model.relational.Namespace;
import org.hibernate.boot.model.relational.Sequence;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Index;
import org.hibernate.mapping.PrimaryKey;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.hibernate.SpringImplicitNamingStrategy;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import dev.authstack.migration.MigrationException;

/**
 * The entity model as tables: Hibernate's own mapping metadata, built from the
 * {@code @Entity} classes without a connection and with the naming strategies Spring Boot
 * gives the service.
 */
final class EntityModel {

	/** The application's entities live under this package. */
	static final String APPLICATION_PACKAGE = "dev.authstack";

	private EntityModel() {
	}

	/**
	 * The application's own entity classes (those beside this class, so not tests') plus
	 * every mapped class in {@code extraPackages}.
	 */
	static List<Class<?>> classes(List<String> extraPackages, ClassLoader classLoader) {
		Set<Class<?>> classes = new LinkedHashSet<>();
		URL own = location(EntityModel.class);
		for (Class<?> candidate : scan(APPLICATION_PACKAGE, classLoader)) {
			if (own == null || Objects.equals(own, location(candidate))) {
				classes.add(candidate);
			}
		}
		for (String extra : extraPackages) {
			List<Class<?>> found = scan(extra, classLoader);
			if (found.isEmpty()) {
				throw new MigrationException("--model-package " + extra + ": no @Entity classes there");
			}
			classes.addAll(found);
		}
		List<Class<?>> sorted = new ArrayList<>(classes);
		sorted.sort(Comparator.comparing(Class::getName));
		return sorted;
	}

	private static URL location(Class<?> type) {
		CodeSource source = type.getProtectionDomain().getCodeSource();
		return source == null ? null : source.getLocation();
	}

	private static List<Class<?>> scan(String basePackage, ClassLoader classLoader) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isIndependent();
			}
		};
		scanner.setResourceLoader(new DefaultResourceLoader(classLoader));
		scanner.addIncludeFilter(new AnnotationTypeFilter(Entity.class));
		scanner.addIncludeFilter(new AnnotationTypeFilter(Embeddable.class));
		scanner.addIncludeFilter(new AnnotationTypeFilter(MappedSuperclass.class));
		scanner.addIncludeFilter(new AnnotationTypeFilter(Converter.class));
		List<Class<?>> classes = new ArrayList<>();
		for (BeanDefinition definition : scanner.findCandidateComponents(basePackage)) {
			try {
				classes.add(Class.forName(definition.getBeanClassName(), false, classLoader));
			}
			catch (ClassNotFoundException ex) {
				throw new MigrationException("Cannot load " + definition.getBeanClassName(), ex);
			}
		}
		return classes;
	}

	/**
	 * The tables Hibernate maps {@code classes} to; {@code databaseMajorVersion} picks
	 * the dialect's level.
	 */
	static Schema schema(List<Class<?>> classes, int databaseMajorVersion) {
		if (classes.stream().noneMatch(type -> type.isAnnotationPresent(Entity.class))) {
			throw new MigrationException("No @Entity classes found under " + APPLICATION_PACKAGE);
		}
		StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
			.applySetting(AvailableSettings.JAKARTA_HBM2DDL_DB_NAME, "PostgreSQL")
			.applySetting(AvailableSettings.JAKARTA_HBM2DDL_DB_MAJOR_VERSION, String.valueOf(databaseMajorVersion))
			.applySetting(AvailableSettings.ALLOW_METADATA_ON_BOOT, "false")
			// what Spring Boot's HibernateProperties.Naming applies to the service
			.applySetting(AvailableSettings.PHYSICAL_NAMING_STRATEGY,
					PhysicalNamingStrategySnakeCaseImpl.class.getName())
			.applySetting(AvailableSettings.IMPLICIT_NAMING_STRATEGY, SpringImplicitNamingStrategy.class.getName())
			.build();
		try {
			MetadataSources sources = new MetadataSources(registry);
			classes.forEach(sources::addAnnotatedClass);
			return schema(sources.buildMetadata());
		}
		finally {
			StandardServiceRegistryBuilder.destroy(registry);
		}
	}

	private static Schema schema(Metadata metadata) {
		Map<String, Schema.Table> tables = new LinkedHashMap<>();
		Map<String, Schema.Sequence> sequences = new LinkedHashMap<>();
		List<String> uncompared = new ArrayList<>();
		for (Namespace namespace : metadata.getDatabase().getNamespaces()) {
			Identifier schemaName = namespace.getPhysicalName().schema();
			if (schemaName != null) {
				for (Table table : namespace.getTables()) {
					uncompared.add("table " + schemaName.getText() + "." + table.getName()
							+ " (the model names another schema; only the current schema is compared)");
				}
				continue;
			}
			for (Table table : namespace.getTables()) {
				if (table.isPhysicalTable() && !table.isView() && !table.isSubselect()) {
					Schema.Table mapped = table(table, metadata);
					tables.put(mapped.name(), mapped);
				}
			}
			for (Sequence sequence : namespace.getSequences()) {
				String name = name(sequence.getName().getSequenceName());
				sequences.put(name, new Schema.Sequence(name, sequence.getInitialValue(), sequence.getIncrementSize()));
			}
		}
		return new Schema(tables, sequences, uncompared, Set.of());
	}

	private static Schema.Table table(Table table, Metadata metadata) {
		String tableName = name(table.getNameIdentifier());
		PrimaryKey primaryKey = table.getPrimaryKey();
		List<String> primaryKeyColumns = primaryKey == null ? List.of() : names(primaryKey.getColumns());
		Map<String, Schema.Column> columns = new LinkedHashMap<>();
		// primary key first, as a person would write the table
		List<Column> ordered = new ArrayList<>(table.getColumns());
		ordered.sort(Comparator.comparing((Column c) -> !primaryKeyColumns.contains(name(c))));
		for (Column column : ordered) {
			String name = name(column);
			boolean nullable = column.isNullable() && !primaryKeyColumns.contains(name);
			columns.put(name, new Schema.Column(name, SqlTypes.canonical(column.getSqlType(metadata)), nullable,
					column.getDefaultValue(), column.isIdentity()));
		}
		List<Schema.Key> uniques = new ArrayList<>();
		for (UniqueKey key : table.getUniqueKeys().values()) {
			if (!table.isRedundantUniqueKey(key)) {
				uniques.add(new Schema.Key(key.isNameExplicit() ? key.getName() : null, names(key.getColumns())));
			}
		}
		for (Column column : table.getColumns()) {
			if (column.isUnique() && !primaryKeyColumns.equals(List.of(name(column)))) {
				uniques.add(new Schema.Key(null, List.of(name(column))));
			}
		}
		List<Schema.Key> indexes = new ArrayList<>();
		for (Index index : table.getIndexes().values()) {
			if (index.getColumns().size() == index.getColumnSpan()) {
				Schema.Key key = new Schema.Key(explicit(index.getName()), names(index.getColumns()));
				(index.isUnique() ? uniques : indexes).add(key);
			}
		}
		List<Schema.ForeignKey> foreignKeys = new ArrayList<>();
		for (ForeignKey foreignKey : table.getForeignKeyCollection()) {
			if (!foreignKey.isCreationEnabled() || !foreignKey.isPhysicalConstraint()) {
				continue;
			}
			Table referenced = foreignKey.getReferencedTable();
			List<Column> referencedColumns = foreignKey.getReferencedColumns().isEmpty()
					? referenced.getPrimaryKey().getColumns() : foreignKey.getReferencedColumns();
			String onDelete = foreignKey.getOnDeleteAction() == null ? null : switch (foreignKey.getOnDeleteAction()) {
				case CASCADE -> "CASCADE";
				case SET_NULL -> "SET NULL";
				case SET_DEFAULT -> "SET DEFAULT";
				case RESTRICT -> "RESTRICT";
				default -> null;
			};
			foreignKeys.add(new Schema.ForeignKey(explicit(foreignKey.getName()), names(foreignKey.getColumns()),
					name(referenced.getNameIdentifier()), names(referencedColumns), onDelete));
		}
		return new Schema.Table(tableName, columns, primaryKeyColumns, dedupe(uniques), dedupe(indexes), foreignKeys);
	}

	/**
	 * Hibernate's generated names (FK1a2b..., IDX..., UK...) are hashes; ours are
	 * readable.
	 */
	private static String explicit(String name) {
		return name == null || name.matches("(?i)(FK|UK|IDX)[0-9a-z]{20,}") ? null : name;
	}

	private static List<Schema.Key> dedupe(List<Schema.Key> keys) {
		Map<List<String>, Schema.Key> byColumns = new LinkedHashMap<>();
		for (Schema.Key key : keys) {
			byColumns.merge(key.columns(), key, (a, b) -> a.name() != null ? a : b);
		}
		return new ArrayList<>(byColumns.values());
	}

	private static List<String> names(List<Column> columns) {
		return columns.stream().map(EntityModel::name).toList();
	}

	private static String name(Column column) {
		return column.isQuoted() ? column.getName() : column.getName().toLowerCase(java.util.Locale.ROOT);
	}

	/** Unquoted names fold to lower case in PostgreSQL, as in the catalog. */
	private static String name(Identifier identifier) {
		return identifier.isQuoted() ? identifier.getText() : identifier.getText().toLowerCase(java.util.Locale.ROOT);
	}

}
