package dev.authstack.migration.schema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlTypesTests {

	@Test
	void hibernatesSpellingMeetsTheCatalogs() {
		same("varchar(64)", "character varying(64)");
		same("timestamp(6) with time zone", "timestamp with time zone");
		same("timestamptz", "timestamp with time zone");
		same("timestamp(6)", "timestamp without time zone");
		same("float(53)", "double precision");
		same("float4", "real");
		same("int4", "integer");
		same("bool", "boolean");
		same("numeric(10,2)", "numeric(10, 2)");
		same("char(1)", "character(1)");
		same("time(6)", "time without time zone");
		same("text", "TEXT");
		same("uuid", "uuid");
	}

	@Test
	void lengthsAndPrecisionsStillDiffer() {
		assertThat(SqlTypes.canonical("varchar(64)")).isNotEqualTo(SqlTypes.canonical("varchar(100)"));
		assertThat(SqlTypes.canonical("timestamp(3) with time zone"))
			.isNotEqualTo(SqlTypes.canonical("timestamp with time zone"));
		assertThat(SqlTypes.canonical("integer")).isNotEqualTo(SqlTypes.canonical("bigint"));
	}

	@Test
	void scriptsUseTheShortSpelling() {
		assertThat(SqlTypes.pretty("character varying(64)")).isEqualTo("varchar(64)");
		assertThat(SqlTypes.pretty("timestamp(6) with time zone")).isEqualTo("timestamptz");
		assertThat(SqlTypes.pretty("timestamp(3) without time zone")).isEqualTo("timestamp(3)");
		assertThat(SqlTypes.pretty("character(2)")).isEqualTo("char(2)");
		assertThat(SqlTypes.pretty("double precision")).isEqualTo("double precision");
	}

	@Test
	void castsAcrossTypeFamiliesOnly() {
		assertThat(SqlTypes.castNeeded("character varying(10)", "text")).isFalse();
		assertThat(SqlTypes.castNeeded("integer", "bigint")).isFalse();
		assertThat(SqlTypes.castNeeded("character varying(10)", "integer")).isTrue();
	}

	private static void same(String a, String b) {
		assertThat(SqlTypes.canonical(a)).as(a + " vs " + b).isEqualTo(SqlTypes.canonical(b));
	}

}
