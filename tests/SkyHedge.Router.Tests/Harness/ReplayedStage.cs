namespace SkyHedge.Router.Tests.Harness;

/// <summary>A stage as the replay left it: the folder standing for its filesystem root, its last WORKDIR and the
/// environment its image would start with (the base image's ENV, then the stage's).</summary>
internal sealed record ReplayedStage(DockerStage Stage, string Root, string Workdir, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The host path of an absolute or WORKDIR-relative path inside the stage.</summary>
    public string HostPath(string containerPath) => HostPath(Root, Resolve(Workdir, containerPath));

    public static string HostPath(string root, string absolutePath) =>
        Path.Combine([root, .. absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>A container path made absolute against <paramref name="workdir"/>, with '.' and '..' resolved.</summary>
    public static string Resolve(string workdir, string path)
    {
        var segments = new List<string>();
        foreach (var segment in (path.StartsWith('/') ? path : $"{workdir}/{path}").Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return "/" + string.Join('/', segments);
    }
}
