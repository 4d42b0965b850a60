using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SkyHedge.Core.Spec;

/// <summary>
/// Refuses YAML whose shape would exhaust the stack or memory once loaded as a node tree, before it is loaded; and
/// YAML that YamlDotNet 18 mis-parses or fails on with exceptions other than <see cref="YamlException"/>.
/// </summary>
/// <remarks>
/// <para>Loading (<c>YamlStream</c>) and reading the tree (<see cref="SpecReader.ToPlain"/>, JSON for <c>post_data</c>) are
/// recursive, and an alias is a reference that those walks expand. So a few kilobytes can overflow the stack (thousands
/// of nested <c>[</c>), never end (<c>&amp;a [*a]</c>), or expand to billions of nodes ("billion laughs"). This walks the
/// parser's event stream, which needs neither recursion nor a tree, and stops at the first such construct with its
/// position. A service spec nests a few levels and uses aliases, if at all, to share a list of zones.</para>
/// <para>YamlDotNet's parser throws <see cref="InvalidOperationException"/> on some malformed text (content after
/// <c>...</c>, <c>[# c]</c>) and drops the value of a key written as <c>\n  : 1</c>, leaving a mapping with a key and
/// no value on which loading throws <see cref="ArgumentException"/>. Both are reported here as invalid YAML, positioned
/// at the last thing the parser read.</para>
/// </remarks>
internal static class YamlLimits
{
    /// <summary>Deepest nesting of mappings and lists (the top-level mapping is 1). Below System.Text.Json's 64.</summary>
    internal const int MaxDepth = 32;

    /// <summary>Most nodes that aliases may add to the document once expanded.</summary>
    internal const long MaxAliasedNodes = 10_000;

    /// <summary>The first limit <paramref name="yaml"/> breaks, or null.</summary>
    /// <exception cref="YamlException">The text is not YAML; the caller reports it as it does for loading.</exception>
    internal static SpecError? Check(string yaml, string fileName)
    {
        var parser = new Parser(new StringReader(yaml));
        var open = new List<(string? Anchor, long Nodes, int Children, ParsingEvent Start)>();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long aliased = 0;

        // Counts a finished node (with everything aliases put in it) towards the collection that holds it.
        void Add(long nodes)
        {
            if (open.Count > 0)
            {
                open[^1] = open[^1] with { Nodes = open[^1].Nodes + nodes, Children = open[^1].Children + 1 };
            }
        }

        SpecError At(ParsingEvent e, string message) => new(fileName, (int)e.Start.Line, (int)e.Start.Column, message);

        ParsingEvent? last = null;
        while (true)
        {
            try
            {
                if (!parser.MoveNext())
                {
                    return null;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                var (line, column) = last is null ? (1, 1) : ((int)last.End.Line, (int)last.End.Column);
                return new SpecError(fileName, line, column, $"invalid YAML: cannot read on from here ({ex.Message})");
            }

            var current = parser.Current!;
            last = current;
            switch (current)
            {
                case SequenceStart or MappingStart:
                    var start = (NodeEvent)current;
                    if (open.Count == MaxDepth)
                    {
                        return At(start, $"expected at most {MaxDepth} levels of nested mappings and lists, got deeper nesting here");
                    }

                    open.Add((start.Anchor.IsEmpty ? null : start.Anchor.Value, 1, 0, start));
                    break;
                case SequenceEnd or MappingEnd when open.Count > 0:
                    var (anchor, nodes, children, opened) = open[^1];
                    if (current is MappingEnd && children % 2 == 1)
                    {
                        return At(opened, "invalid YAML: a key in this mapping has no value (is a ':' at the start of a line?)");
                    }

                    open.RemoveAt(open.Count - 1);
                    Add(nodes);
                    if (anchor is not null)
                    {
                        sizes[anchor] = nodes;
                    }

                    break;
                case Scalar scalar:
                    Add(1);
                    if (!scalar.Anchor.IsEmpty)
                    {
                        sizes[scalar.Anchor.Value] = 1;
                    }

                    break;
                case AnchorAlias alias:
                    var name = alias.Value.Value;
                    if (open.Exists(f => f.Anchor == name))
                    {
                        return At(alias, $"alias '*{name}' refers to the node that contains it; expected an alias of a finished node");
                    }

                    if (!sizes.TryGetValue(name, out var size))
                    {
                        // The loader would say so too, but without a position.
                        return At(alias, $"alias '*{name}' has no anchor '&{name}' before it");
                    }

                    aliased += size;
                    if (aliased > MaxAliasedNodes)
                    {
                        return At(alias, $"aliases expand to more than {MaxAliasedNodes} nodes at alias '*{name}'; expected a few aliases of small nodes");
                    }

                    Add(size);
                    break;
            }
        }
    }
}
