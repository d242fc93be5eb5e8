using System.Buffers.Binary;
using System.IO.Compression;
using Ingest.Api.Logs;
using Ingest.Api.Parsing;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>
/// gRPC's length-prefixed message: a compressed flag byte, a big-endian 32-bit length, the protobuf. A unary call carries exactly
/// one; compressed ones (<c>grpc-encoding: gzip</c>) are inflated here, within the body limit.
/// </summary>
public static class OtlpGrpcFrame
{
    public const int PrefixLength = 5;

    /// <returns>The message, or null when it is over <paramref name="maxBytes"/> (declared or inflated).</returns>
    /// <exception cref="InvalidDataException">Not one well-formed gRPC message.</exception>
    public static async Task<PooledBufferWriter?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        using var frame = await RequestBodyReader.ReadAsync(request, maxBytes + PrefixLength, cancellationToken);
        if (frame is null) return null;
        var span = frame.WrittenSpan;
        if (span.Length < PrefixLength) throw new InvalidDataException($"The gRPC message is shorter than its {PrefixLength}-byte prefix.");
        var compressed = span[0];
        if (compressed > 1) throw new InvalidDataException($"The gRPC message's compressed flag is {compressed}, not 0 or 1.");
        var length = BinaryPrimitives.ReadUInt32BigEndian(span[1..]);
        if (length > maxBytes) return null;
        var message = span[PrefixLength..];
        if (message.Length < length) throw new InvalidDataException($"The gRPC message is truncated: {message.Length} of {length} bytes.");
        if (message.Length > length) throw new InvalidDataException("The body holds more than the one gRPC message of a unary call.");

        if (compressed == 0)
        {
            var copy = new PooledBufferWriter(message.Length);
            message.CopyTo(copy.GetSpan(message.Length));
            copy.Advance(message.Length);
            return copy;
        }
        var encoding = request.Headers["grpc-encoding"].ToString();
        if (!string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"The gRPC message is compressed with '{encoding}'; only gzip is accepted.");
        return Inflate(frame.WrittenMemory[PrefixLength..], maxBytes);
    }

    private static PooledBufferWriter? Inflate(ReadOnlyMemory<byte> compressed, long maxBytes)
    {
        var output = new PooledBufferWriter((int)Math.Min(compressed.Length * 4L + 256, maxBytes + 1));
        try
        {
            using var gzip = new GZipStream(new ReadOnlyMemoryStream(compressed), CompressionMode.Decompress);
            while (true)
            {
                var read = gzip.Read(output.GetSpan(1));
                if (read == 0) return output;
                output.Advance(read);
                if (output.WrittenCount > maxBytes)
                {
                    output.Dispose();
                    return null;
                }
            }
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>One uncompressed gRPC message around <paramref name="message"/>.</summary>
    public static byte[] Write(ReadOnlySpan<byte> message)
    {
        var frame = new byte[PrefixLength + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame.AsSpan(PrefixLength));
        return frame;
    }

    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
