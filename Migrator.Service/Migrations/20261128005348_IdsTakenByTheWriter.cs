using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migrator.Service.Migrations
{
    /// <summary>
    /// The model only: it declared a <c>nextval</c> default for <c>logs.id</c> that the table never had (<c>LogBatchWriter</c>
    /// takes ids in blocks, in commit order). The database is unchanged, so there is nothing to lock or undo.
    /// </summary>
    public partial class IdsTakenByTheWriter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
