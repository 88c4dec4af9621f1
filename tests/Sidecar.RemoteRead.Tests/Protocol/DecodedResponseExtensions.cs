using Sidecar.RemoteRead.Protocol;

namespace Sidecar.RemoteRead.Tests.Protocol;

internal static class DecodedResponseExtensions
{
    /// <summary>The response's series as the client hands them out (assembled, sorted by labels).</summary>
    public static IReadOnlyList<TimeSeries> Series(this DecodedResponse decoded) => SeriesAssembler.Assemble([decoded]);
}
