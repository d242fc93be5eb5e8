using Migrator.Service.Schema;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migrator.Service.Migrations
{
    /// <summary>
    /// The first schema: <c>Schema/001_logs.sql</c> (partitioned <c>logs</c>, its indexes, the entry ledger). SQL rather than
    /// generated operations because EF cannot express partitioning, expression indexes or a pg_trgm index.
    /// </summary>
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.Sql(SchemaScripts.Read("001_logs.sql"));

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
            => migrationBuilder.Sql("DROP TABLE IF EXISTS ingested_entries; DROP TABLE IF EXISTS logs; DROP SEQUENCE IF EXISTS logs_id_seq;");
    }
}
