namespace Sidecar.RemoteRead;

/// <summary>The two response encodings of the remote-read protocol.</summary>
public enum RemoteReadResponseType
{
    /// <summary>One snappy-compressed <c>ReadResponse</c> with raw samples (<c>application/x-protobuf</c>).</summary>
    Samples,

    /// <summary>
    /// A stream of CRC-checked frames carrying XOR-encoded TSDB chunks
    /// (<c>application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse</c>).
    /// </summary>
    StreamedXorChunks,
}
