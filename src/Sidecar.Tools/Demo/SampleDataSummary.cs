namespace Sidecar.Tools.Demo;

/// <summary>What <see cref="SampleDataWriter.Write"/> produced. Immutable.</summary>
/// <param name="Scenario">The calendar of the data.</param>
/// <param name="Series">The series written.</param>
/// <param name="Files">The OpenMetrics files, in time order.</param>
/// <param name="SampleCount">Samples written over all series.</param>
public sealed record SampleDataSummary(
    SampleScenario Scenario,
    IReadOnlyList<SampleSeries> Series,
    IReadOnlyList<string> Files,
    long SampleCount);
