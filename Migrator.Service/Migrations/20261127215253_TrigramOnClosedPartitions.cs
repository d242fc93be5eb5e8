using Migrator.Service.Schema;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migrator.Service.Migrations
{
    /// <summary>
    /// <c>Schema/002_trigram_on_closed_partitions.sql</c>: no trigram index on the partition being written; closed days get
    /// one from the workers' partition maintenance.
    /// </summary>
    public partial class TrigramOnClosedPartitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.Sql(SchemaScripts.Read("002_trigram_on_closed_partitions.sql"));

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
            => migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_logs_message_trgm ON logs USING gin (message gin_trgm_ops);");
    }
}
