using Migrator.Service.Schema;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migrator.Service.Migrations
{
    /// <summary>
    /// <c>Schema/003_commit_ordered_ids.sql</c>: the id sequence caches no values per session, so that ids follow the
    /// writers' commit order (see <c>LogBatchWriter</c>).
    /// </summary>
    public partial class CommitOrderedIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.Sql(SchemaScripts.Read("003_commit_ordered_ids.sql"));

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
            => migrationBuilder.Sql("ALTER SEQUENCE logs_id_seq CACHE 1000;");
    }
}
