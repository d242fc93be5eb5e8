using Migrator.Service.Schema;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migrator.Service.Migrations
{
    /// <summary><c>Schema/004_job_run_indexes.sql</c>: partial expression indexes for one job run's or task run's logs.</summary>
    public partial class JobRunIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.Sql(SchemaScripts.Read("004_job_run_indexes.sql"));

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
            => migrationBuilder.Sql("DROP INDEX IF EXISTS ix_logs_job_run_id; DROP INDEX IF EXISTS ix_logs_task_run_id;");
    }
}
