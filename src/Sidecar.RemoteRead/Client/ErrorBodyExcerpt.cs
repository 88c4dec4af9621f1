using System.Text;

namespace Sidecar.RemoteRead.Client;

/// <summary>Reads the start of an error response's body for the exception message, bounded and printable.</summary>
internal static class ErrorBodyExcerpt
{
    public const int MaxBytes = 512;

    public static async Task<string> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxBytes + 1];
            var length = 0;
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return Printable(buffer.AsSpan(0, Math.Min(length, MaxBytes)), truncated: length > MaxBytes);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "<body unreadable>";
        }
    }

    public static string Printable(ReadOnlySpan<byte> bytes, bool truncated)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var sb = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        var result = sb.ToString().Trim();
        return truncated ? result + "…" : result;
    }
}
