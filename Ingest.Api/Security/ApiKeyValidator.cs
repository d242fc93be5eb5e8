using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Security;

/// <summary>
/// Checks API keys in constant time: keys are compared as SHA-256 hashes (so length leaks nothing) with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, against every configured key without stopping early.
/// </summary>
public sealed class ApiKeyValidator
{
    private const int MaxKeyLength = 1024;
    private readonly byte[][] _hashes;

    public ApiKeyValidator(IOptions<IngestOptions> options)
    {
        _hashes = options.Value.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();
        AllowAnonymous = options.Value.AllowAnonymous;
    }

    public bool AllowAnonymous { get; }

    public bool IsValid(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || key.Length > MaxKeyLength) return false;
        Span<byte> utf8 = stackalloc byte[MaxKeyLength * 3];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        var match = false;
        foreach (var expected in _hashes) match |= CryptographicOperations.FixedTimeEquals(expected, hash);
        return match;
    }
}
