using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sidecar.Config.Binding;

/// <summary>
/// Passes YAML parser events through, except that a mapping key seen before in the same mapping is reported and
/// dropped with its value — so a duplicate key becomes one diagnostic among the others instead of aborting the
/// load (YamlDotNet's representation model throws on the first one). The first occurrence wins.
/// </summary>
internal sealed class DuplicateKeyFilter : IParser
{
    private readonly IParser _inner;
    private readonly Action<Mark, string> _report;
    private readonly Stack<Frame> _frames = new();

    public DuplicateKeyFilter(IParser inner, Action<Mark, string> report)
    {
        _inner = inner;
        _report = report;
    }

    public ParsingEvent? Current => _inner.Current;

    public bool MoveNext()
    {
        while (_inner.MoveNext())
        {
            var current = _inner.Current!;
            if (current is Scalar key && _frames.TryPeek(out var frame) && frame.IsMapping && frame.ExpectingKey
                && !frame.Keys.Add(key.Value))
            {
                _report(key.Start, $"duplicate key \"{key.Value}\" (the first one is used)");
                SkipNode();
                continue;
            }

            Track(current);
            return true;
        }

        return false;
    }

    private void Track(ParsingEvent current)
    {
        switch (current)
        {
            case MappingStart:
                _frames.Push(new Frame(isMapping: true));
                break;
            case SequenceStart:
                _frames.Push(new Frame(isMapping: false));
                break;
            case MappingEnd or SequenceEnd:
                _frames.Pop();
                NodeCompleted();
                break;
            case Scalar or AnchorAlias:
                NodeCompleted();
                break;
        }
    }

    private void NodeCompleted()
    {
        if (_frames.TryPeek(out var frame) && frame.IsMapping)
        {
            frame.ExpectingKey = !frame.ExpectingKey;
        }
    }

    /// <summary>Skips the value node that follows a dropped key.</summary>
    private void SkipNode()
    {
        var depth = 0;
        while (_inner.MoveNext())
        {
            switch (_inner.Current)
            {
                case MappingStart or SequenceStart:
                    depth++;
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }

            if (depth == 0)
            {
                return;
            }
        }
    }

    private sealed class Frame(bool isMapping)
    {
        public bool IsMapping { get; } = isMapping;

        public bool ExpectingKey { get; set; } = true;

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
