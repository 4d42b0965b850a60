using System.Text;
using System.Text.RegularExpressions;

namespace SkyHedge.Router.Tests.Harness;

/// <summary>
/// A <c>.dockerignore</c> applied the way the builder applies it: paths relative to the context root with '/',
/// <c>*</c> and <c>?</c> within one path segment, <c>**</c> across any number of them, a pattern that matches a
/// folder excludes everything in it, <c>!</c> re-includes, and the last matching pattern decides.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Include)> _rules;

    private DockerIgnore(List<(Regex Pattern, bool Include)> rules)
    {
        _rules = rules;
    }

    /// <summary>True when some <c>!</c> pattern exists: then an excluded folder may still hold included files.</summary>
    public bool HasExceptions => _rules.Any(r => r.Include);

    /// <summary>The context's <c>.dockerignore</c>; none means nothing is excluded.</summary>
    public static DockerIgnore Load(string contextRoot)
    {
        var path = Path.Combine(contextRoot, ".dockerignore");
        var rules = new List<(Regex, bool)>();
        foreach (var raw in File.Exists(path) ? File.ReadAllLines(path) : [])
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var include = line.StartsWith('!');
            var pattern = Clean(include ? line[1..].Trim() : line);
            if (pattern.Length > 0)
            {
                rules.Add((Compile(pattern), include));
            }
        }

        return new DockerIgnore(rules);
    }

    /// <summary>Whether the builder leaves <paramref name="relativePath"/> (file or folder) out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var path = Clean(relativePath.Replace('\\', '/'));
        var excluded = false;
        foreach (var (pattern, include) in _rules)
        {
            if (MatchesOrParentMatches(pattern, path))
            {
                excluded = !include;
            }
        }

        return excluded;
    }

    private static bool MatchesOrParentMatches(Regex pattern, string path)
    {
        if (pattern.IsMatch(path))
        {
            return true;
        }

        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (pattern.IsMatch(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Leading '/', './' and trailing '/' carry no meaning in a pattern or a context path.</summary>
    private static string Clean(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");
        return string.Join('/', segments);
    }

    private static Regex Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                }

                // "**" at the end takes everything; elsewhere it stands for any number of whole folders, even none.
                regex.Append(i + 1 == pattern.Length ? ".*" : "(.*/)?");
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
