using Sidecar.RemoteRead;

namespace Sidecar.Config;

/// <summary>
/// One <c>remote_write</c> entry: a receiver the model outputs of every inference step are sent to, by Prometheus
/// remote write 1.0. <see cref="object.ToString"/> never shows secrets (the client options hide them). Immutable.
/// </summary>
/// <param name="Name">The name (label <c>remote_write</c> of its self-metrics); <see cref="RemoteReadConfig.DefaultName"/> when the only entry has none.</param>
/// <param name="Client">Where to send and how: URL, <c>http_config</c> keys, timeout, retries and backoff.</param>
/// <param name="Families">The output families sent, each once, in file order.</param>
/// <param name="QueueCapacity"><c>queue_capacity</c>: samples held while the receiver is slow or down; past it the oldest are dropped (and counted).</param>
/// <param name="MaxSamplesPerSend"><c>max_samples_per_send</c>: most samples in one request.</param>
public sealed record RemoteWriteConfig(
    string Name,
    RemoteWriteClientOptions Client,
    IReadOnlyList<OutputFamily> Families,
    int QueueCapacity = RemoteWriteConfig.DefaultQueueCapacity,
    int MaxSamplesPerSend = RemoteWriteConfig.DefaultMaxSamplesPerSend)
{
    /// <summary>Default <see cref="QueueCapacity"/>.</summary>
    public const int DefaultQueueCapacity = 100_000;

    /// <summary>Default <see cref="MaxSamplesPerSend"/>, as Prometheus's <c>queue_config.max_samples_per_send</c>.</summary>
    public const int DefaultMaxSamplesPerSend = 2_000;

    /// <summary>The families sent when <c>families</c> is not given: the score and the band.</summary>
    public static IReadOnlyList<OutputFamily> DefaultFamilies { get; } =
        [OutputFamily.AnomalyScore, OutputFamily.Predicted, OutputFamily.PredictedLower, OutputFamily.PredictedUpper];
}
