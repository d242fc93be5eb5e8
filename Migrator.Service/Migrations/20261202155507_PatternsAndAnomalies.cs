using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Migrator.Service.Migrations
{
    /// <summary>
    /// The analysis service's tables: <c>patterns</c> (mined templates and their totals), <c>pattern_minute_counts</c>
    /// (per pattern, minute and level, for sparklines and rates), <c>anomalies</c> (paged by <c>seq</c>) and
    /// <c>analysis_checkpoints</c> (the last log id processed, written with the counts). Plain tables: EF's operations suffice.
    /// </summary>
    public partial class PatternsAndAnomalies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "analysis_checkpoints",
                columns: table => new
                {
                    name = table.Column<string>(type: "text", nullable: false),
                    last_log_id = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analysis_checkpoints", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "anomalies",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    severity = table.Column<string>(type: "text", nullable: false),
                    application = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "text", nullable: true),
                    pattern_id = table.Column<string>(type: "text", nullable: true),
                    pattern = table.Column<string>(type: "text", nullable: true),
                    observed = table.Column<double>(type: "double precision", nullable: false),
                    expected = table.Column<double>(type: "double precision", nullable: false),
                    reasons = table.Column<string[]>(type: "text[]", nullable: false),
                    suggestions = table.Column<string[]>(type: "text[]", nullable: false),
                    window_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    window_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    example_log_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anomalies", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "pattern_minute_counts",
                columns: table => new
                {
                    pattern_id = table.Column<long>(type: "bigint", nullable: false),
                    minute = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    level = table.Column<short>(type: "smallint", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pattern_minute_counts", x => new { x.pattern_id, x.minute, x.level });
                });

            migrationBuilder.CreateTable(
                name: "patterns",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    application = table.Column<string>(type: "text", nullable: false),
                    template = table.Column<string>(type: "text", nullable: false),
                    first_seen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    example_log_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    sources = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patterns", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_anomalies_application_seq",
                table: "anomalies",
                columns: new[] { "application", "seq" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_anomalies_detected_at",
                table: "anomalies",
                column: "detected_at");

            migrationBuilder.CreateIndex(
                name: "ux_anomalies_id",
                table: "anomalies",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pattern_minute_counts_minute",
                table: "pattern_minute_counts",
                column: "minute");

            migrationBuilder.CreateIndex(
                name: "ix_patterns_application_last_seen",
                table: "patterns",
                columns: new[] { "application", "last_seen" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_patterns_first_seen",
                table: "patterns",
                column: "first_seen",
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_patterns_last_seen",
                table: "patterns",
                column: "last_seen",
                descending: new bool[0]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "analysis_checkpoints");

            migrationBuilder.DropTable(
                name: "anomalies");

            migrationBuilder.DropTable(
                name: "pattern_minute_counts");

            migrationBuilder.DropTable(
                name: "patterns");
        }
    }
}
