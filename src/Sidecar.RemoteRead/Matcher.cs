namespace Sidecar.RemoteRead;

/// <summary>One label matcher of a series selector, e.g. <c>code=~"5.."</c>.</summary>
public sealed record Matcher(MatchType Type, string Name, string Value);
