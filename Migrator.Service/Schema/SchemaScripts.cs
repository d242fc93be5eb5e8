namespace Migrator.Service.Schema;

/// <summary>The SQL scripts embedded beside the migrations (<c>Schema/*.sql</c>).</summary>
public static class SchemaScripts
{
    public static string Read(string fileName)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        using var stream = assembly.GetManifestResourceStream("Migrator.Service.Schema." + fileName)
            ?? throw new InvalidOperationException($"No embedded schema script {fileName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
